import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '../../..');
const POM = join(REPO_ROOT, 'infra/kafka/pom.xml');
const MAVEN_TIMEOUT_MS = 10 * 60_000;

export const KAFKA_INSTALL_HINT =
  'install Java 17+ and Maven (Debian: apt-get install openjdk-17-jre-headless maven; infra/ci/install-test-tools.sh does it)';
export const KAFKA_SETUP_HINT = `To start one, ${KAFKA_INSTALL_HINT}; or set KAFKA_BROKERS=host:port to use a running Kafka broker.`;

const pomText = (): string => readFileSync(POM, 'utf8');

/** The pinned broker version; the POM is its only source so the cache and the download cannot disagree. */
export const kafkaVersion = (): string => {
  const match = /<kafka\.version>\s*([^<\s]+)\s*<\/kafka\.version>/.exec(pomText());
  if (!match) throw new Error(`No <kafka.version> property in ${POM}`);
  return match[1];
};

const hasCommand = (command: string, args: string[]): boolean => !spawnSync(command, args, { stdio: 'ignore' }).error;

const tail = (text: string, lines = 40): string => text.trimEnd().split('\n').slice(-lines).join('\n');

const requireTools = (): void => {
  const missing = [
    ['java', '-version'],
    ['mvn', '-v'],
  ]
    .filter(([cmd, arg]) => !hasCommand(cmd, [arg]))
    .map(([cmd]) => cmd);
  if (missing.length > 0) {
    throw new Error(
      `The e2e tests need a Kafka broker and cannot start one: ${missing.join(' and ')} not found on PATH. ${KAFKA_SETUP_HINT}`,
    );
  }
};

const copyJars = (outputDir: string): void => {
  const args = ['-q', '-B', '-f', POM, 'dependency:copy-dependencies', `-DoutputDirectory=${outputDir}`];
  const run = spawnSync('mvn', args, { encoding: 'utf8', timeout: MAVEN_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) {
    const why = run.error ? run.error.message : `exit ${run.status ?? run.signal}`;
    throw new Error(
      `The e2e tests need a Kafka broker, but Maven could not fetch Apache Kafka ${kafkaVersion()} (${why}). ` +
        `Check that Maven Central is reachable from this machine (Maven's output is below), ` +
        `or set KAFKA_BROKERS=host:port to use a running Kafka broker.\n` +
        `mvn ${args.join(' ')} said:\n${tail(`${run.stdout ?? ''}\n${run.stderr ?? ''}`)}`,
    );
  }
};

/** Copies the jars into a fresh directory and checks the broker jar arrived; leaves nothing behind on failure. */
const fetchJars = (target: string, version: string): void => {
  rmSync(target, { recursive: true, force: true });
  try {
    copyJars(target);
    if (!existsSync(join(target, `kafka_2.13-${version}.jar`))) {
      throw new Error(`Maven finished but copied no kafka_2.13-${version}.jar; is ${POM} intact?`);
    }
  } catch (error) {
    rmSync(target, { recursive: true, force: true });
    throw error;
  }
};

/**
 * Returns a directory holding the broker's jars, fetching them with Maven on first use. The marker records
 * which POM produced the jars: it is written only after a complete copy, so an interrupted download or an
 * edited POM is fetched again instead of starting a broker from a partial or stale classpath.
 */
export const ensureKafkaDistribution = (): string => {
  const version = kafkaVersion();
  const home = join(REPO_ROOT, '.tmp', 'kafka', version);
  const lib = join(home, 'lib');
  const marker = join(home, 'complete');
  const wanted = createHash('sha256').update(pomText()).digest('hex');
  const isComplete = (): boolean => existsSync(marker) && readFileSync(marker, 'utf8').trim() === wanted;
  if (isComplete()) return lib;

  requireTools();
  mkdirSync(home, { recursive: true });
  // A private staging directory keeps two cold processes from writing into the same lib at once.
  const staging = join(home, `lib.partial-${process.pid}`);
  fetchJars(staging, version);
  if (isComplete()) {
    rmSync(staging, { recursive: true, force: true });
    return lib;
  }
  rmSync(marker, { force: true });
  rmSync(lib, { recursive: true, force: true });
  renameSync(staging, lib);
  writeFileSync(marker, `${wanted}\n`);
  return lib;
};
