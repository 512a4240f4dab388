import request from 'supertest';
import { ApiProcess, HealthBody, healthOver, healthWhen } from '../../support/api-process';
import { Acknowledged, MixedCommands } from './mixed-commands';

export interface KillCycles {
  acknowledged: Acknowledged[];
  kills: number;
  /** /health of the last life once its read models caught up with the log. */
  health: HealthBody;
}

/**
 * Lives of the service on the same storage, each cut by SIGKILL once five clients are in full flow (so
 * commands are in flight from every one of them), then one last life that catches up and stops cleanly.
 */
export const killUnderLoad = async (
  start: () => Promise<ApiProcess>,
  auth: string,
  kills: number,
  perLife: number,
): Promise<KillCycles> => {
  const trials = { next: 1, known: [] as string[] };
  const acknowledged: Acknowledged[] = [];
  for (let kill = 0; kill < kills; kill++) {
    const api = await start();
    const stream = new MixedCommands(api.url, auth, trials, 5);
    await stream.waitFor(perLife);
    expect(await api.terminate('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
    await stream.ended();
    expect(stream.refused).toEqual([]);
    acknowledged.push(...stream.acknowledged);
  }
  const api = await start();
  const health = await healthWhen(healthOver(request(api.url)), (h) => h.readModels.lag === 0);
  expect(await api.terminate('SIGTERM')).toEqual({ code: 0, signal: null });
  return { acknowledged, kills, health };
};

export const killFigures = (
  name: string,
  run: KillCycles,
  audit: { acknowledgedEvents: number; lost: string[]; events: unknown[] },
  comparison: { trialsCompared: number; historyEntriesCompared: number },
): string =>
  `kill -9 (${name}): ${run.kills} kills, ${run.acknowledged.length} commands acknowledged, ${audit.acknowledgedEvents} ` +
  `acknowledged events checked, ${audit.lost.length} lost; log ${audit.events.length} events ` +
  `(${audit.events.length - audit.acknowledgedEvents} appended but never acknowledged), ${comparison.trialsCompared} trials and ` +
  `${comparison.historyEntriesCompared} history entries equal to a rebuild\n`;
