import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';

const run = promisify(execFile);
const ROOT = join(__dirname, '../..');

/** Docker's own parser: the compose plugin when the machine has it, else the standalone docker-compose. */
const composeConfig = async (env: NodeJS.ProcessEnv): Promise<string> => {
  const options = { cwd: ROOT, env };
  try {
    return (await run('docker', ['compose', 'config'], options)).stdout;
  } catch (error) {
    if (!/unknown command|not a docker command|ENOENT/i.test(String((error as { stderr?: string }).stderr ?? error))) throw error;
  }
  try {
    return (await run('docker-compose', ['config'], options)).stdout;
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') {
      throw new Error('Neither `docker compose` nor `docker-compose` is installed: apt-get install docker-compose (infra/ci/install-test-tools.sh does it)');
    }
    throw error;
  }
};

describe('docker-compose.yml', () => {
  it('is accepted by Docker Compose, with every part of a production deployment and a health check on each', async () => {
    const config = parse(await composeConfig({ ...process.env, JWT_SECRET: 'a-secret-of-at-least-thirty-two-characters' }));
    expect(Object.keys(config.services).sort()).toEqual(['api', 'kafka', 'kurrentdb', 'postgres', 'worker']);
    for (const [name, service] of Object.entries<{ healthcheck?: object }>(config.services)) {
      expect({ name, healthcheck: service.healthcheck !== undefined }).toEqual({ name, healthcheck: true });
    }
    expect(config.services.api.environment).toMatchObject({ EVENT_STORE: 'kurrentdb', READ_MODEL_STORE: 'postgres', RUN_WORKER: 'false' });
    expect(Object.keys(config.volumes).sort()).toEqual(['kafka-data', 'kurrentdb-data', 'postgres-data']);
  });

  it('refuses to start without a JWT secret rather than run with a default one', async () => {
    const env = { ...process.env };
    delete env.JWT_SECRET;
    await expect(composeConfig(env).catch((e) => Promise.reject(new Error(String(e.stderr ?? e))))).rejects.toThrow(/JWT_SECRET/);
  });
});
