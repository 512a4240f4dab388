import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface BrokerLayout {
  lib: string;
  dataDir: string;
  brokerPort: number;
  controllerPort: number;
  serverProperties: string;
  log4jProperties: string;
  logFile: string;
}

// Kafka's own scripts pass these too; serial GC keeps a throwaway broker light on a 2-core machine.
const JVM_OPTIONS = ['-Xms128m', '-Xmx512m', '-XX:+UseSerialGC', '-XX:+ExitOnOutOfMemoryError', '-Djava.awt.headless=true'];

export const javaArgs = (layout: BrokerLayout, mainClass: string, args: string[]): string[] => [
  ...JVM_OPTIONS,
  `-Dlog4j.configuration=file:${layout.log4jProperties}`,
  '-cp',
  join(layout.lib, '*'),
  mainClass,
  ...args,
];

/** Single-node KRaft (combined broker and controller) with every replication setting a one-node cluster can meet. */
const serverProperties = ({ dataDir, brokerPort, controllerPort }: BrokerLayout): string =>
  [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${brokerPort},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${brokerPort}`,
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'inter.broker.listener.name=PLAINTEXT',
    'controller.listener.names=CONTROLLER',
    `log.dirs=${join(dataDir, 'kraft-logs')}`,
    'offsets.topic.replication.factor=1',
    // Fewer internal partitions than the default 50: the first consumer group then starts in a fraction of the time.
    'offsets.topic.num.partitions=3',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'transaction.state.log.num.partitions=3',
    'min.insync.replicas=1',
    // After a SIGKILL the controller refuses the restarted broker until the dead one's session expires (9 s by
    // default); a short session brings a crashed broker back in about three seconds.
    'broker.heartbeat.interval.ms=500',
    'broker.session.timeout.ms=3000',
    'group.initial.rebalance.delay.ms=0',
    'auto.create.topics.enable=false',
    'num.partitions=1',
    '',
  ].join('\n');

// Console output goes to the log file the broker's stdout is redirected to, so JVM errors land there too.
const LOG4J = [
  'log4j.rootLogger=INFO, stdout',
  'log4j.appender.stdout=org.apache.log4j.ConsoleAppender',
  'log4j.appender.stdout.layout=org.apache.log4j.PatternLayout',
  'log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n',
  'log4j.logger.org.apache.zookeeper=WARN',
  '',
].join('\n');

export const writeBrokerFiles = (lib: string, dataDir: string, brokerPort: number, controllerPort: number): BrokerLayout => {
  const layout: BrokerLayout = {
    lib,
    dataDir,
    brokerPort,
    controllerPort,
    serverProperties: join(dataDir, 'server.properties'),
    log4jProperties: join(dataDir, 'log4j.properties'),
    logFile: join(dataDir, 'broker.log'),
  };
  writeFileSync(layout.serverProperties, serverProperties(layout));
  writeFileSync(layout.log4jProperties, LOG4J);
  return layout;
};

export const logTail = (logFile: string, lines = 60): string =>
  existsSync(logFile) ? readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n') : '(no broker log written)';

/** Kafka's cluster ids are 16 random bytes in URL-safe base64; a leading '-' would read as a command-line flag. */
const clusterId = (): string => {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
};

/** KRaft refuses to start on an unformatted log dir; StorageTool writes meta.properties and the bootstrap checkpoint. */
export const formatStorage = (layout: BrokerLayout): void => {
  const log = openSync(layout.logFile, 'a');
  try {
    const args = javaArgs(layout, 'kafka.tools.StorageTool', ['format', '-t', clusterId(), '-c', layout.serverProperties]);
    const run = spawnSync('java', args, { stdio: ['ignore', log, log], timeout: 60_000 });
    if (run.status !== 0) {
      throw new Error(
        `Kafka StorageTool format failed (${run.error?.message ?? `exit ${run.status ?? run.signal}`}):\n${logTail(layout.logFile)}`,
      );
    }
  } finally {
    closeSync(log);
  }
};
