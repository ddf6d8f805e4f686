import autocannon from 'autocannon';
import type { Sql } from 'postgres';
import { Prng } from '@zhongtai/kit';
import type { DataSet, Request, Scenario } from './scenarios/index.ts';
import { percentile } from './metrics.ts';

export interface LoadOptions {
  connections: number;
  durationSeconds: number;
}

/** One measured run: throughput, latency percentiles (ms) computed from every response, errors. */
export interface Measurement {
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  errors: number;
  /** Requests sent during the run: all of them finish before SQL is counted (the runner drains). */
  sent: number;
  /** The first few failed bodies (or error messages), to say why. */
  errorSamples: string[];
}

/** The scenario's requests, numbered, with the caller's token: built in advance so the load tool stays cheap. */
export class RequestSource {
  private n = 0;
  private readonly random: Prng;

  constructor(
    private readonly scenario: Scenario,
    private readonly data: DataSet,
    readonly tokenFor: (caller: Request['caller']) => string,
    seed = 1,
  ) {
    this.random = new Prng(seed);
  }

  nextRequest(): Request {
    return this.scenario.request(this.data, this.n++, this.random);
  }

  next(): { body: string; authorization: string } {
    const request = this.nextRequest();
    return { body: JSON.stringify({ query: this.scenario.query, variables: request.variables }), authorization: `Bearer ${this.tokenFor(request.caller)}` };
  }
}

const readFailed = (body: string) => body.includes('"errors"');

/** autocannon against a GraphQL URL; each request's body and token come from `source`. */
export async function loadGraph(url: string, scenario: Scenario, source: RequestSource, options: LoadOptions): Promise<Measurement> {
  const failed = scenario.failed ?? readFailed;
  const latencies: number[] = [];
  const errorSamples: string[] = [];
  let errors = 0;
  const fail = (why: string) => {
    errors++;
    if (errorSamples.length < 3) errorSamples.push(why.slice(0, 500));
  };
  const opts = {
    url,
    method: 'POST',
    connections: options.connections,
    duration: options.durationSeconds,
    timeout: 30,
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (req: any) => {
          const next = source.next();
          return { ...req, body: next.body, headers: { ...req.headers, authorization: next.authorization } };
        },
        onResponse: (status: number, body: string) => {
          if (status !== 200 || failed(body)) fail(`${status} ${body}`);
        },
      },
    ],
  } as autocannon.Options;
  let instance!: autocannon.Instance;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(opts, (error, result) => (error ? reject(error) : resolve(result)));
  });
  // Every response's own time: autocannon's summary has p90 and p97.5 but no p95.
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => latencies.push(responseTime));
  const result = await done;
  for (let i = 0; i < result.errors + result.timeouts; i++) fail('socket error or timeout');
  return { ...summarize(latencies, result.duration, errors, errorSamples), sent: result.requests.sent };
}

/** (d) the floor: the scenario's hand-written SQL, `connections` at a time, for the same duration. */
export async function loadFloor(
  sql: Sql,
  scenario: Scenario,
  source: RequestSource,
  options: LoadOptions,
): Promise<Measurement & { statementsPerRequest: number }> {
  const latencies: number[] = [];
  const errorSamples: string[] = [];
  let errors = 0;
  let statements = 0;
  const started = performance.now();
  const deadline = started + options.durationSeconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const request = source.nextRequest();
      const t0 = performance.now();
      try {
        // Not `statements += await ...`: that reads `statements` before the await and loses the other workers' counts.
        const result = await scenario.floor!(sql, request);
        statements += result.statements;
        latencies.push(performance.now() - t0);
      } catch (error) {
        errors++;
        if (errorSamples.length < 3) errorSamples.push(String(error));
      }
    }
  };
  await Promise.all(Array.from({ length: options.connections }, worker));
  const measured = summarize(latencies, (performance.now() - started) / 1000, errors, errorSamples);
  return { ...measured, sent: latencies.length + errors, statementsPerRequest: latencies.length ? statements / latencies.length : NaN };
}

function summarize(latencies: number[], seconds: number, errors: number, errorSamples: string[]): Omit<Measurement, 'sent'> {
  const sorted = Float64Array.from(latencies).sort();
  const list = Array.from(sorted);
  return {
    requests: latencies.length,
    seconds,
    rps: latencies.length / seconds,
    p50: percentile(list, 50),
    p95: percentile(list, 95),
    p99: percentile(list, 99),
    max: list.at(-1) ?? NaN,
    errors,
    errorSamples,
  };
}
