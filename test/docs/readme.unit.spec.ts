import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');

describe('README', () => {
  // The Kafka e2e spec runs the example file; this keeps the copy readers see identical to it.
  it('shows the example consumer exactly as the file the Kafka tests run', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const example = readFileSync(join(ROOT, 'docs/examples/consume-trial-events.ts'), 'utf8');
    expect(readme).toContain('```ts\n' + example + '```');
  });
});
