/**
 * A small Prometheus registry: counters and one histogram, rendered in the
 * text exposition format (version 0.0.4). Written here rather than pulled in
 * as a dependency because four metrics do not need one. Label values are
 * route patterns and outcomes, never keys or values.
 */

type Labels = Record<string, string>;

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function labelText(labels: Labels): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`);
  return parts.length === 0 ? '' : `{${parts.join(',')}}`;
}

/** A monotonically increasing count per label set. */
export class Counter {
  readonly #values = new Map<string, number>();

  constructor(
    readonly name: string,
    readonly help: string,
  ) {}

  inc(labels: Labels = {}, by = 1): void {
    const key = labelText(labels);
    this.#values.set(key, (this.#values.get(key) ?? 0) + by);
  }

  /** The current value for `labels` (for tests). */
  get(labels: Labels = {}): number {
    return this.#values.get(labelText(labels)) ?? 0;
  }

  render(): string {
    let out = `# HELP ${this.name} ${this.help}\n# TYPE ${this.name} counter\n`;
    for (const [key, value] of this.#values) out += `${this.name}${key} ${value}\n`;
    return out;
  }
}

interface Series {
  labels: Labels;
  counts: number[];
  sum: number;
  count: number;
}

/** Observations in cumulative buckets (seconds). */
export class Histogram {
  readonly #series = new Map<string, Series>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly buckets: readonly number[],
  ) {}

  observe(labels: Labels, value: number): void {
    const key = labelText(labels);
    let s = this.#series.get(key);
    if (s === undefined) {
      s = { labels, counts: this.buckets.map(() => 0), sum: 0, count: 0 };
      this.#series.set(key, s);
    }
    for (let i = 0; i < this.buckets.length; i++) {
      if (value <= (this.buckets[i] as number)) s.counts[i] = (s.counts[i] ?? 0) + 1;
    }
    s.sum += value;
    s.count += 1;
  }

  render(): string {
    let out = `# HELP ${this.name} ${this.help}\n# TYPE ${this.name} histogram\n`;
    for (const s of this.#series.values()) {
      this.buckets.forEach((le, i) => {
        out += `${this.name}_bucket${labelText({ ...s.labels, le: String(le) })} ${s.counts[i] ?? 0}\n`;
      });
      out += `${this.name}_bucket${labelText({ ...s.labels, le: '+Inf' })} ${s.count}\n`;
      out += `${this.name}_sum${labelText(s.labels)} ${s.sum}\n`;
      out += `${this.name}_count${labelText(s.labels)} ${s.count}\n`;
    }
    return out;
  }
}

/** The server's metrics. One instance per app. */
export class Metrics {
  readonly requests = new Counter('warden_http_requests_total', 'HTTP requests by method, route and status.');
  readonly reads = new Counter('warden_secret_reads_total', 'Secret reads (GET) by scope and outcome.');
  readonly burns = new Counter('warden_secret_burns_total', 'Secrets deleted or sealed by their final read.');
  readonly rateLimited = new Counter(
    'warden_rate_limited_total',
    'Requests refused by a rate limit, by limiter.',
  );
  readonly storeLatency = new Histogram(
    'warden_store_operation_seconds',
    'Latency of VaultStore operations, by operation.',
    [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
  );

  /** The whole registry in Prometheus text format. */
  render(): string {
    return [this.requests, this.reads, this.burns, this.rateLimited, this.storeLatency]
      .map((m) => m.render())
      .join('');
  }
}
