import { Logger as NestjsPinoLogger, Params, PinoLogger } from 'nestjs-pino';
import { Store, storage } from 'nestjs-pino/storage';
import { Logger } from 'pino';

/** Nest's start-up chatter: a line per module and per route, useful only when debugging the wiring. */
const WIRING_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory']);

const contextOf = (optionalParams: unknown[]): unknown => optionalParams[optionalParams.length - 1];

/** nestjs-pino keeps the first root logger it is given for the whole process; this one keeps its own. */
class RootedPinoLogger extends PinoLogger {
  constructor(
    private readonly root: Logger,
    params: Params,
  ) {
    super(params);
  }

  override get logger(): Logger {
    return (storage.getStore() as Store | undefined)?.logger ?? this.root;
  }
}

/**
 * Nest's logger on pino, through nestjs-pino: inside a request it writes with that request's logger (its id bound),
 * elsewhere with the root logger. Nest's wiring messages go to debug.
 */
export class NestLogger extends NestjsPinoLogger {
  constructor(root: Logger) {
    const params: Params = { pinoHttp: { logger: root }, renameContext: 'context' };
    super(new RootedPinoLogger(root, params), params);
  }

  override log(message: unknown, ...optionalParams: unknown[]): void {
    const context = contextOf(optionalParams);
    if (typeof context === 'string' && WIRING_CONTEXTS.has(context)) this.debug(message, ...optionalParams);
    else super.log(message, ...optionalParams);
  }
}
