import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { loadLimits, PostgresBuckets, type BucketStore } from '@zhongtai/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway } from '../gateway/src/gateway.ts';
import { createHttpServer } from '../gateway/src/http.ts';
import { postGraphQL, startTestGraph, type TestGraph } from './support/graph.ts';

/**
 * Several gateways in front of the same subgraphs share one leaky bucket per caller through
 * PostgreSQL (RATE_LIMIT_STORE=postgres): what a caller spent at one gateway is gone at the other.
 */
describe.runIf(process.env.DATABASE_URL)('rate limit shared by two gateways (PostgreSQL)', () => {
  let t: TestGraph;
  const gateways: { url: string; server: Server; buckets: BucketStore; stop(): Promise<void> }[] = [];
  // ANALYST: 100 a request, a bucket of 150, one point a second back.
  const limits = { ...loadLimits({ COST_BUDGET_ANALYST: '100/150/1' }), rateLimit: { enabled: true, store: 'postgres' as const, databaseUrl: undefined } };

  beforeAll(async () => {
    t = await startTestGraph();
    for (let i = 0; i < 2; i++) {
      const buckets = new PostgresBuckets(t.testDb.url!);
      const apollo = await createGateway({
        location: { kind: 'in-process', host: t.graph.host! },
        tokens: t.graph.tokens,
        development: false,
        limits,
        buckets,
      });
      const server = createHttpServer({
        apollo,
        tokens: t.graph.tokens,
        ready: async () => ({ ready: true }),
        hooks: async () => undefined,
        explorer: { tokens: async () => ({}) },
        limits,
        filesSecret: 'files-secret-of-this-test-only-0123456789',
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      gateways.push({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
        server,
        buckets,
        async stop() {
          await new Promise<void>((resolve) => server.close(() => resolve()));
          server.closeAllConnections();
          await apollo.stop();
          await buckets.close();
        },
      });
    }
  });
  afterAll(async () => {
    for (const g of gateways) await g.stop();
    await t?.stop();
  });

  it('a caller who spent at one gateway is throttled at the other; another caller is not', async () => {
    const spender = await t.graph.tokens.sign({ role: 'ANALYST', subject: `analyst:${randomUUID()}` });
    const other = await t.graph.tokens.sign({ role: 'ANALYST', subject: `analyst:${randomUUID()}` });
    const query = '{ skus(first: 60) { nodes { id } } }'; // costs 61
    const [a, b] = gateways as [(typeof gateways)[0], (typeof gateways)[0]];
    const first = await postGraphQL(a.url, query, undefined, spender);
    expect(first.errors).toBeUndefined();
    const available = (first as unknown as { extensions: { cost: { throttleStatus: { currentlyAvailable: number } } } }).extensions.cost.throttleStatus
      .currentlyAvailable;
    expect(available).toBeLessThanOrEqual(150 - 61 + 1);
    const second = await postGraphQL(b.url, query, undefined, spender);
    expect(second.errors).toBeUndefined();
    const third = await postGraphQL(b.url, query, undefined, spender);
    expect(third.status).toBe(429);
    expect(third.errors?.[0]?.extensions?.code).toBe('THROTTLED');
    const fourth = await postGraphQL(a.url, query, undefined, spender);
    expect(fourth.errors?.[0]?.extensions?.code).toBe('THROTTLED');
    expect((await postGraphQL(a.url, query, undefined, other)).errors).toBeUndefined();
  });

  it('concurrent takes of one caller never overspend the bucket', async () => {
    const buckets = gateways.map((g) => g.buckets);
    const budget = { maxQueryCost: 10, bucketSize: 100, restoreRate: 0.001 };
    const key = `test:${randomUUID()}`;
    const spends = await Promise.all(Array.from({ length: 40 }, (_, i) => buckets[i % 2]!.take(key, 10, budget)));
    expect(spends.filter((s) => s.ok)).toHaveLength(10);
  });
});
