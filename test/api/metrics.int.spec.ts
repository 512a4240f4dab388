import { MetricsEndpoint } from '@trial-ledger/platform';
import parsePrometheusTextFormat, { PrometheusFamily } from 'parse-prometheus-text-format';
import { registerBody, statusBody } from '../support/trials';
import { TestApp, startTestApp } from '../support/test-app';

const NCT = 'NCT06171906';

interface Scrape {
  text: string;
  families: Map<string, PrometheusFamily>;
}

/** One scrape, parsed by a Prometheus text-format parser rather than matched as text. */
const scrape = async (port: number): Promise<Scrape> => {
  const answer = await fetch(`http://127.0.0.1:${port}/metrics`);
  expect(answer.status).toBe(200);
  expect(answer.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const text = await answer.text();
  return { text, families: new Map(parsePrometheusTextFormat(text).map((f) => [f.name, f])) };
};

/**
 * The parser merges the series of a histogram with labels into one, dropping their labels; a labelled histogram's
 * `_count` series is read from the exposition instead, the sample line whole.
 */
const histogramCount = (text: string, name: string, labels: string): number | undefined => {
  const line = text.split('\n').find((l) => l.startsWith(`${name}_count{${labels}}`));
  return line === undefined ? undefined : Number(line.split(' ').pop());
};

const valueOf = (family: PrometheusFamily | undefined, labels: Record<string, string>): number | undefined => {
  const sample = family?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
  return sample === undefined ? undefined : Number(sample.value ?? sample.count);
};

describe('Prometheus metrics on METRICS_PORT', () => {
  let t: TestApp;
  let port: number;

  beforeAll(async () => {
    t = await startTestApp({ metricsPort: 0 });
    port = t.app.get(MetricsEndpoint).port as number;
  });

  afterAll(() => t.close());

  it('given known commands, when Prometheus scrapes, then each is counted by type and outcome, timed, and its route templated', async () => {
    const operator = t.token('operator');
    const post = (path: string, body: object) => t.http.post(path).set('Authorization', operator).send(body);
    expect((await post('/trials', registerBody(NCT))).status).toBe(201);
    expect((await post('/trials', registerBody(NCT))).status).toBe(409);
    expect((await post(`/trials/${NCT}/status`, statusBody('RECRUITING')).set('If-Match', '"7"')).status).toBe(412);
    const keyed = () => post(`/trials/${NCT}/status`, statusBody('RECRUITING')).set('Idempotency-Key', 'metrics-1');
    expect((await keyed()).status).toBe(200);
    expect((await keyed()).headers['idempotent-replayed']).toBe('true');

    const { text, families } = await scrape(port);
    const commands = families.get('trial_ledger_commands_total');
    expect(commands?.type).toBe('COUNTER');
    expect(valueOf(commands, { command: 'RegisterTrial', outcome: 'accepted' })).toBe(1);
    expect(valueOf(commands, { command: 'RegisterTrial', outcome: 'refused' })).toBe(1);
    expect(valueOf(commands, { command: 'UpdateStatus', outcome: 'conflict' })).toBe(1);
    expect(valueOf(commands, { command: 'UpdateStatus', outcome: 'accepted' })).toBe(1);
    expect(valueOf(commands, { command: 'UpdateStatus', outcome: 'idempotent_replay' })).toBe(1);
    // Two commands appended; the refused, the conflicting and the replayed ones never reached the store.
    expect(valueOf(families.get('trial_ledger_event_append_duration_seconds'), {})).toBe(2);

    const http = 'http_server_request_duration_seconds';
    expect(families.get(http)?.type).toBe('HISTOGRAM');
    expect(histogramCount(text, http, 'method="POST",route="/trials/:nctId/status",status_code="412"')).toBe(1);
    expect(histogramCount(text, http, 'method="POST",route="/trials",status_code="201"')).toBe(1);
    expect(text).not.toContain(`route="/trials/${NCT}`);

    expect(families.get('trial_ledger_projection_lag_events')?.type).toBe('GAUGE');
    expect(Number(families.get('trial_ledger_projection_lag_events')?.metrics[0].value)).toBeGreaterThanOrEqual(0);
    // The relay is off: no series rather than a zero that would read as "caught up".
    expect(families.has('trial_ledger_relay_lag_events')).toBe(false);
    expect(families.has('process_cpu_user_seconds_total')).toBe(true);
    expect(families.has('nodejs_eventloop_lag_seconds')).toBe(true);
  });

  it('given the public API port, when /metrics is asked there, then it is not served; its own port serves nothing else', async () => {
    const onApi = await t.http.get('/metrics');
    expect(onApi.status).toBe(404);
    expect(onApi.text).not.toContain('trial_ledger_');
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(404);
  });
});
