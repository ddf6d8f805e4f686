import { sql } from 'drizzle-orm';
import { pgSchema } from 'drizzle-orm/pg-core';
import postgres from 'postgres';
import { createCenterServer, loadConfig, outboxTable, readOutboxBacklog, readQueueBacklog, type RawSql } from '@zhongtai/kit';
import { startDistributedGateway, type RunningGraph } from '@zhongtai/gateway';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGraph, type TestGraph } from './support/graph.ts';
import { ADDRESS, buyableSkus, PLACE_ORDER } from './support/shopping.ts';

/**
 * GET /metrics after operations sent through the gateway: exact counts per operation and outcome,
 * the histograms' buckets, SQL per center equal to the kit's own counter, the event-bus and outbox
 * backlog, and a scrape refused in production without the METRICS_TOKEN bearer.
 */
let t: TestGraph;

/** Every sample of a scrape, keyed by its name and labels as Prometheus prints them. */
async function scrape(url: string, headers: Record<string, string> = {}): Promise<Map<string, number>> {
  const response = await fetch(new URL('/metrics', url), { headers });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const samples = new Map<string, number>();
  for (const line of (await response.text()).split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (match) samples.set(match[1]!, Number(match[2]));
  }
  return samples;
}

/** Raw SQL on the test database, outside the centers' counted handles (as the scrape runs it). */
function rawSql(): { run: RawSql; end(): Promise<void> } {
  const client = t.testDb.url ? postgres(t.testDb.url, { max: 1, onnotice: () => {} }) : undefined;
  const jobs = t.testDb.database.jobsConnection();
  const run: RawSql = client
    ? async (text, values) => ({ rows: await client.unsafe(text, (values ?? []) as never[]) })
    : (text, values) => ('db' in jobs ? jobs.db.executeSql(text, values) : Promise.reject(new Error('no jobs connection')));
  return { run, end: async () => void (await client?.end()) };
}

const delta = (before: Map<string, number>, after: Map<string, number>, key: string) => (after.get(key) ?? 0) - (before.get(key) ?? 0);
const requests = (operation: string, outcome: string) => `zhongtai_graphql_requests_total{operation="${operation}",outcome="${outcome}"}`;
const BUCKETS = ['0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '10', '+Inf'];

beforeAll(async () => {
  // Two names of our own beyond the explorer's: the third new name counts as `other`.
  t = await startTestGraph({ config: { metricsOperationLimit: 2 } });
});

afterAll(async () => {
  await t?.stop();
});

describe('GET /metrics', () => {
  it('counts each operation by name and outcome, with its histogram, and bounds the names', async () => {
    const before = await scrape(t.graph.url);
    t.counter.reset();
    const shops = 'query MetricsShops { shops(first: 2) { nodes { id name } } }';
    for (let i = 0; i < 3; i++) expect((await t.gql(shops, undefined, t.tokens.admin)).errors).toBeUndefined();
    expect((await t.gql('{ shops(first: 1) { nodes { id } } }', undefined, t.tokens.admin)).errors).toBeUndefined();
    // A customer may not list shops' staff: refused by the shops center.
    const refused = await t.gql('query MetricsRefused { shops(first: 1) { nodes { id } } }', undefined, null);
    expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await t.gql('query MetricsInvalid { noSuchField }', undefined, t.tokens.admin)).errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    // Explorer's saved operation: a known name, never `other`.
    expect((await t.gql('query LowStock { __typename }', undefined, t.tokens.admin)).errors).toBeUndefined();
    // A caller inventing names: past the limit they share one label.
    for (const name of ['Random1', 'Random2', 'Random3'])
      expect((await t.gql(`query ${name} { __typename }`, undefined, t.tokens.admin)).errors).toBeUndefined();
    const after = await scrape(t.graph.url);

    expect(delta(before, after, requests('MetricsShops', 'ok'))).toBe(3);
    expect(delta(before, after, requests('anonymous', 'ok'))).toBe(1);
    expect(delta(before, after, requests('MetricsRefused', 'UNAUTHENTICATED'))).toBe(1);
    // Invalid documents resolve to no operation: the name the caller wrote is not trusted.
    expect(delta(before, after, requests('invalid', 'GRAPHQL_VALIDATION_FAILED'))).toBe(1);
    expect(delta(before, after, requests('LowStock', 'ok'))).toBe(1);
    expect(delta(before, after, requests('other', 'ok'))).toBe(3);
    expect([...after.keys()].filter((k) => /Random|MetricsInvalid/.test(k))).toEqual([]);

    const histogram = (suffix: string, extra = '') => `zhongtai_graphql_request_duration_seconds_${suffix}{${extra}operation="MetricsShops",outcome="ok"}`;
    for (const le of BUCKETS) expect(after.has(histogram('bucket', `le="${le}",`)), le).toBe(true);
    expect(delta(before, after, histogram('bucket', 'le="+Inf",'))).toBe(3);
    expect(delta(before, after, histogram('count'))).toBe(3);
    expect(delta(before, after, histogram('sum'))).toBeGreaterThan(0);

    // One fetch to shops per shops query (MetricsShops x3, the anonymous one); the refused one fails in shops.
    const fetches = (outcome: string) => `zhongtai_gateway_subgraph_fetch_duration_seconds_count{center="shops",outcome="${outcome}"}`;
    expect(delta(before, after, fetches('ok'))).toBe(4);
    expect(delta(before, after, fetches('error'))).toBe(1);
    expect(after.has('zhongtai_gateway_subgraph_fetch_duration_seconds_bucket{le="0.005",center="shops",outcome="ok"}')).toBe(true);

    // SQL per center: the same statements the kit's counter saw, each one timed once.
    const shopsSql = t.counter.count('shops');
    expect(shopsSql).toBeGreaterThan(0);
    expect(delta(before, after, 'zhongtai_sql_statements_total{center="shops",source="request"}')).toBe(shopsSql);
    expect(delta(before, after, 'zhongtai_sql_statement_duration_seconds_count{center="shops",source="request"}')).toBe(shopsSql);
  });

  it('shows queue depth, outbox backlog, the pool and process metrics', async () => {
    const before = await scrape(t.graph.url);
    const [sku] = await buyableSkus(t, t.shopA, 1, 5);
    const placed = await t.gql<{ placeOrder: { userErrors: unknown[] } }>(
      PLACE_ORDER,
      { input: { idempotencyKey: 'metrics-1', lines: [{ skuId: sku!.id, quantity: 1 }], address: ADDRESS } },
      t.tokens.customer,
    );
    expect(placed.data?.placeOrder.userErrors, JSON.stringify(placed)).toEqual([]);
    await t.graph.host!.bus!.drain();
    const after = await scrape(t.graph.url);

    // The unpaid order's closing timer waits in its queue until the payment deadline (at least
    // once: a relay tick racing drain's relayNow may have queued it twice, as the table says).
    const closing = 'zhongtai_queue_jobs{queue="orders-job-closeUnpaid",state="deferred"}';
    const raw = rawSql();
    try {
      const { rows } = await raw.run(
        `select count(*)::int as n from pgboss.job where name = 'orders-job-closeUnpaid' and state < 'active' and start_after > now()`,
      );
      expect(after.get(closing)).toBe((rows[0] as { n: number }).n);
    } finally {
      await raw.end();
    }
    expect(delta(before, after, closing)).toBeGreaterThanOrEqual(1);
    expect(after.get('zhongtai_queue_jobs{queue="orders-job-closeUnpaid",state="ready"}')).toBe(0);
    expect(after.get('zhongtai_queue_oldest_ready_age_seconds{queue="fulfillment-OrderPaid"}')).toBe(0);
    // Drained: every outbox is empty, and each center that has one is listed.
    for (const center of ['orders', 'payments', 'inventory', 'marketing']) {
      expect(after.get(`zhongtai_outbox_unpublished{center="${center}"}`), center).toBe(0);
      expect(after.get(`zhongtai_outbox_oldest_unpublished_age_seconds{center="${center}"}`), center).toBe(0);
    }

    expect(after.get('zhongtai_db_pool_max')).toBe(t.testDb.database.driver === 'pglite' ? 1 : 20);
    expect(after.get('zhongtai_db_pool_in_use')).toBeGreaterThanOrEqual(0);
    for (const name of ['process_cpu_user_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds', 'nodejs_heap_size_used_bytes'])
      expect(after.get(name), name).toBeGreaterThan(0);
  });

  it('reads the backlog from pg-boss and an outbox: due, deferred, and how long the oldest waited', async () => {
    const database = t.testDb.database;
    const { run, end } = rawSql();
    try {
      // A queue nobody in this process works, so its jobs stay where the test puts them.
      await run(`select pgboss.create_queue('metrics-test', '{"policy":"standard"}'::json)`);
      await run(
        `insert into pgboss.job (name, state, start_after) values
          ('metrics-test', 'created', now() - interval '90 seconds'),
          ('metrics-test', 'retry', now() - interval '30 seconds'),
          ('metrics-test', 'created', now() + interval '1 hour'),
          ('metrics-test', 'active', now() - interval '5 seconds'),
          ('metrics-test', 'completed', now() - interval '2 hours')`,
      );
      const [queue, empty] = await readQueueBacklog(run, ['metrics-test', 'metrics-none']);
      expect({ ...queue!, oldestReadySeconds: Math.floor(queue!.oldestReadySeconds / 10) }).toEqual({
        queue: 'metrics-test',
        ready: 2,
        deferred: 1,
        active: 1,
        oldestReadySeconds: 9,
      });
      expect(empty).toEqual({ queue: 'metrics-none', ready: 0, deferred: 0, active: 0, oldestReadySeconds: 0 });

      const db = database.forCenter('metrics-test');
      await db.execute(sql`create schema metrics_test`);
      await db.execute(
        sql`create table metrics_test.outbox (id varchar(40) primary key, kind varchar(10) not null, topic varchar(100) not null, payload jsonb not null, start_after timestamptz, singleton_key text, created_at timestamptz not null default now(), published_at timestamptz)`,
      );
      await db.execute(sql`insert into metrics_test.outbox (id, kind, topic, payload, created_at, published_at) values
        ('a', 'event', 'T', '{}', now() - interval '120 seconds', null),
        ('b', 'event', 'T', '{}', now() - interval '10 seconds', null),
        ('c', 'event', 'T', '{}', now() - interval '1 day', now())`);
      const [outbox] = await readOutboxBacklog(run, [{ center: 'metrics-test', table: outboxTable(pgSchema('metrics_test')) }]);
      expect({ ...outbox!, oldestSeconds: Math.floor(outbox!.oldestSeconds / 10) }).toEqual({ center: 'metrics-test', unpublished: 2, oldestSeconds: 12 });
    } finally {
      await end();
    }
  });
});

describe('GET /metrics in production', () => {
  const TOKEN = 'metrics-token-0123456789abcdef';
  const production = (extra: Record<string, string> = {}) =>
    loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'a-production-secret-of-at-least-32-chars', PORT: '0', ...extra });
  let gateway: RunningGraph | undefined;

  afterAll(async () => {
    await gateway?.stop();
  });

  it('refuses a scrape without the METRICS_TOKEN bearer, and is off without METRICS_TOKEN', async () => {
    // The gateway alone: its subgraphs are never asked (nothing reaches /graphql).
    gateway = await startDistributedGateway({ config: production({ METRICS_TOKEN: TOKEN }), urlFor: () => 'http://127.0.0.1:9/graphql' });
    const metrics = new URL('/metrics', gateway.url);
    const anonymous = await fetch(metrics);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
    expect((await fetch(metrics, { headers: { authorization: `Bearer ${TOKEN}x` } })).status).toBe(401);
    expect((await fetch(metrics, { headers: { authorization: `Bearer ${t.tokens.admin}` } })).status).toBe(401);
    const scraped = await scrape(gateway.url, { authorization: `Bearer ${TOKEN}` });
    expect(scraped.has('process_cpu_user_seconds_total')).toBe(true);

    // A center's own server (cluster mode) follows the same rule; without a token, /metrics is off.
    const serve = async (config: ReturnType<typeof loadConfig>, check: (origin: string) => Promise<void>) => {
      const center = createCenterServer(t.graph.host!.center('shops'), t.testDb.database, config);
      await new Promise<void>((resolve) => center.listen(0, '127.0.0.1', resolve));
      try {
        await check(`http://127.0.0.1:${(center.address() as { port: number }).port}`);
      } finally {
        await new Promise<void>((resolve) => center.close(() => resolve()));
      }
    };
    await serve(production(), async (origin) => {
      const off = await fetch(`${origin}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(off.status).toBe(403);
      expect(await off.json()).toEqual({ error: 'metrics are off: set METRICS_TOKEN to scrape them in production' });
    });
    await serve(loadConfig({ NODE_ENV: 'test' }), async (origin) => {
      const open = await scrape(`${origin}/graphql`);
      expect(open.get('zhongtai_sql_statements_total{center="shops",source="request"}')).toBeGreaterThan(0);
    });
    expect(() => production({ METRICS_TOKEN: 'short' })).toThrow('METRICS_TOKEN must be at least 16 characters');
  });
});
