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
      throw new Error(
        'Neither `docker compose` nor `docker-compose` is installed: apt-get install docker-compose (infra/ci/install-test-tools.sh does it)',
      );
    }
    throw error;
  }
};

type Service = { profiles?: string[]; healthcheck?: object; environment?: Record<string, string>; depends_on?: Record<string, object> };
type Config = { services: Record<string, Service>; volumes: Record<string, object> };

const JWT_SECRET = 'a-secret-of-at-least-thirty-two-characters';

/**
 * With the kurrentdb profile on, so that every service shows whichever Compose renders it (Compose v1 lists
 * services of inactive profiles, v2 leaves them out); `profiles` then tells the default set apart.
 */
const allServices = async (env: NodeJS.ProcessEnv = {}): Promise<Config> =>
  parse(await composeConfig({ ...process.env, JWT_SECRET, COMPOSE_PROFILES: 'kurrentdb', ...env }));

const byDefault = (config: Config): string[] =>
  Object.entries(config.services)
    .filter(([, s]) => s.profiles === undefined)
    .map(([name]) => name)
    .sort();

// Each test runs the docker-compose binary (Python) to render the file: seconds of start-up on a loaded machine.
jest.setTimeout(30_000);

describe('docker-compose.yml', () => {
  // The variables the test reads must come from the file alone, not from the machine running it.
  const clean = { EVENT_STORE: undefined };

  it('is accepted by Docker Compose, with every part of a production deployment and a health check on each', async () => {
    const config = await allServices(clean);
    expect(Object.keys(config.services).sort()).toEqual(['api', 'kafka', 'kurrentdb', 'postgres', 'worker']);
    for (const [name, service] of Object.entries(config.services)) {
      expect({ name, healthcheck: service.healthcheck !== undefined }).toEqual({ name, healthcheck: true });
    }
    expect(Object.keys(config.volumes).sort()).toEqual(['kafka-data', 'kurrentdb-data', 'postgres-data']);
  });

  it('keeps the event log in PostgreSQL by default, without KurrentDB running or waited for', async () => {
    const config = await allServices(clean);
    expect(byDefault(config)).toEqual(['api', 'kafka', 'postgres', 'worker']);
    for (const name of ['api', 'worker']) {
      const { environment, depends_on: dependsOn } = config.services[name];
      const postgres = { EVENT_STORE: 'postgres', READ_MODEL_STORE: 'postgres', DATABASE_URL: expect.stringContaining('@postgres:5432/') };
      expect({ name, environment }).toMatchObject({ name, environment: postgres });
      // Compose refuses to start a service that depends on one whose profile is off.
      expect({ name, dependsOn: Object.keys(dependsOn ?? {}) }).toEqual({ name, dependsOn: expect.not.arrayContaining(['kurrentdb']) });
    }
    expect(config.services.api.environment).toMatchObject({ RUN_WORKER: 'false' });
  });

  it('offers KurrentDB, experimental, only under its profile and only when EVENT_STORE asks for it', async () => {
    const config = await allServices({ EVENT_STORE: 'kurrentdb' });
    expect(config.services.kurrentdb.profiles).toEqual(['kurrentdb']);
    const kurrentdb = { EVENT_STORE: 'kurrentdb', KURRENTDB_CONNECTION_STRING: expect.stringMatching(/^kurrentdb:\/\/kurrentdb:2113\b/) };
    for (const name of ['api', 'worker']) {
      expect({ name, environment: config.services[name].environment }).toMatchObject({ name, environment: kurrentdb });
    }
  });

  it('refuses to start without a JWT secret rather than run with a default one', async () => {
    const env = { ...process.env };
    delete env.JWT_SECRET;
    await expect(composeConfig(env).catch((e) => Promise.reject(new Error(String(e.stderr ?? e))))).rejects.toThrow(/JWT_SECRET/);
  });
});
