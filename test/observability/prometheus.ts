import parsePrometheusTextFormat, { PrometheusFamily } from 'parse-prometheus-text-format';

/** One scrape of a process's /metrics, parsed by a Prometheus text-format parser rather than matched as text. */
export class Scrape {
  private constructor(readonly families: Map<string, PrometheusFamily>) {}

  /** Null when nothing answers on the port (the process has not bound it yet, or has exited). */
  static async of(port: number): Promise<Scrape | null> {
    const answer = await fetch(`http://127.0.0.1:${port}/metrics`).catch(() => null);
    if (answer === null) return null;
    if (answer.status !== 200) throw new Error(`GET /metrics on port ${port} answered ${answer.status}`);
    const text = await answer.text();
    return new Scrape(new Map(parsePrometheusTextFormat(text).map((f) => [f.name, f])));
  }

  /** The sample of `name` with these labels; undefined when the series is absent. */
  value(name: string, labels: Record<string, string> = {}): number | undefined {
    const sample = this.families.get(name)?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
    return sample === undefined ? undefined : Number(sample.value);
  }

  type(name: string): string | undefined {
    return this.families.get(name)?.type;
  }
}

/** The port a CLI batch says it serves its metrics on (METRICS_PORT=0 lets the system pick). */
export const announcedPort = (stderr: string): number | null => {
  const match = /Prometheus metrics on port (\d+) at \/metrics/.exec(stderr);
  return match === null ? null : Number(match[1]);
};
