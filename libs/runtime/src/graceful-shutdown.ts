import { INestApplication, Logger } from '@nestjs/common';
import { Server } from 'node:http';

const logger = new Logger('Shutdown');

/**
 * Stops accepting connections and resolves once every request in flight has been answered. Node closes only
 * the connections idle at `close()`; a keep-alive connection whose response is still being written goes idle
 * later, so idle ones are swept until the server is closed, and anything left after `graceMs` is cut.
 */
export const drainHttpServer = (server: Server, graceMs: number): Promise<void> =>
  new Promise((done) => {
    if (!server.listening) return done();
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    const deadline = setTimeout(() => {
      logger.warn(`Requests still open after ${graceMs} ms: closing their connections`);
      server.closeAllConnections();
    }, graceMs);
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(deadline);
      done();
    });
  });

/**
 * Replaces Nest's `enableShutdownHooks` for a served app. Nest would stop the background work before closing
 * the HTTP server (a command still in flight would land after the projections stopped) and then re-raise the
 * signal (exit by signal, not 0). Here the HTTP server drains first, then `app.close()` stops the leader's work
 * (its last batch commits with its checkpoint) and closes the stores, and the process exits 0.
 */
export const closeGracefullyOn = (app: INestApplication, signals: NodeJS.Signals[] = ['SIGTERM', 'SIGINT'], graceMs = 10_000): void => {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (closing) return; // a second signal while draining changes nothing
    closing = true;
    logger.log(`${signal}: draining requests in flight, then stopping`);
    drainHttpServer(app.getHttpServer() as Server, graceMs)
      .then(() => app.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error(`Shutdown failed: ${error instanceof Error ? error.stack : String(error)}`);
          process.exit(1);
        },
      );
  };
  signals.forEach((signal) => process.on(signal, onSignal));
};
