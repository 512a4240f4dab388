import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiProcess } from '../support/api-process';

// The compiled API and CLI (npm run build), started as the README starts them: seconds each on a busy machine.
jest.setTimeout(90_000);

const ROOT = join(__dirname, '../..');

/** The README's first shell example under "Using the API", as a reader copies it. */
const example = (): string => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Using the API'));
  const [, script] = /```sh\n([^]*?)```/.exec(section) ?? [];
  if (script === undefined) throw new Error('README: no sh example under "Using the API"');
  return script;
};

const bash = (script: string, env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> =>
  new Promise((done) => {
    execFile('bash', ['-eo', 'pipefail', '-c', script], { cwd: ROOT, env }, (error, stdout, stderr) =>
      done({ code: error === null ? 0 : Number(error.code ?? 1), stdout, stderr }),
    );
  });

describe("the README's API example", () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'readme-example-'));
  let api: ApiProcess;
  beforeAll(async () => {
    // No JWT_SECRET: the API writes one into DATA_DIR and the CLI signs with it, as on a first start.
    api = await ApiProcess.start({ DATA_DIR: dataDir });
  });
  afterAll(async () => {
    await api?.stop('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs twice in a row, each run changing the trial once, on the revision it read', async () => {
    const script = example().replaceAll('localhost:3000', new URL(api.url).host);
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATA_DIR: dataDir };
    const revisions: number[] = [];
    for (const run of [1, 2]) {
      const { code, stdout, stderr } = await bash(script, env);
      expect({ run, code, stderr }).toEqual({ run, code: 0, stderr: '' });
      const answers = [...stdout.matchAll(/"revision":(\d+)/g)];
      revisions.push(Number(answers[answers.length - 1]?.[1]));
    }
    expect(revisions[1]).toBe(revisions[0] + 1);
  });
});
