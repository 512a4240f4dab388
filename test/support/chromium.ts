import { existsSync } from 'node:fs';
import { Browser, chromium } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Debian's Chromium, driven by playwright-core (no browser download). Playwright gives every launch a fresh
 * temporary profile (user-data dir) and deletes it on close, so no state leaks between runs. The flags keep
 * the browser from calling home: the tests also assert that the page itself reaches no other host.
 */
export const launchChromium = async (): Promise<Browser> => {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error('Chromium not found: apt-get install chromium (infra/ci/install-test-tools.sh installs it)');
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
};
