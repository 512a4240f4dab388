import { join } from 'node:path';
import { startBenchApp } from './bench-app-process';
import { LoadResult, loadRound, registerTrials, settled } from './http-load';
import { ServerProcess } from './server-process';

/**
 * A second API on a fresh store of its own that runs no projections (RUN_WORKER=false), taking the very same
 * command rounds: the gap to the API that does run them is what keeping the read side up to date costs the
 * command path of the same process (its reads of the log and hand-over on the request loop, the projection
 * thread's share of the cores). Started the way the http suite starts the API it compares with (bench/app),
 * so that the two differ in RUN_WORKER alone.
 */
export class UnprojectedApi {
  private constructor(
    private readonly api: ServerProcess,
    private readonly token: string,
    private readonly trials: number,
  ) {}

  static async start(workDir: string, env: Record<string, string>, token: string, trials: number): Promise<UnprojectedApi> {
    const api = await startBenchApp({ ...env, DATA_DIR: join(workDir, 'data-unprojected'), RUN_WORKER: 'false' });
    try {
      await registerTrials(api.url, token, trials);
      return new UnprojectedApi(api, token, trials);
    } catch (error) {
      await api.stop();
      throw error;
    }
  }

  /** A warm-up, then one measured round; invalid unless every answer was a 2xx and the log grew by them. */
  async round(connections: number, seconds: number, warmUpSeconds: number): Promise<LoadResult> {
    const { url } = this.api;
    await loadRound(url, this.token, '', this.trials, connections, warmUpSeconds);
    const head = await settled(url, 120_000, false);
    const result = await loadRound(url, this.token, '', this.trials, connections, seconds);
    const appended = (await settled(url, 120_000, false)) - head;
    if (result.failed > 0 || appended < result.ok || appended > result.ok + connections) {
      throw new Error(
        `Invalid benchmark without projections at ${connections} clients: ${result.failed} failed, ${result.ok} 2xx, log +${appended}`,
      );
    }
    return result;
  }

  stop(): Promise<unknown> {
    return this.api.stop();
  }
}
