import { openTestDatabase, TEST_ADMIN, type TestDatabase } from '@zhongtai/kit/testing';
import { startCluster, type Cluster } from '@zhongtai/gateway';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postGraphQL } from './support/graph.ts';

// Thirteen processes, each booting tsx and its migrations, are the slowest thing in the suite and
// say nothing about the database: they run once, on the PostgreSQL leg, where every center
// process shares one real database as in production.
describe.runIf(process.env.DATABASE_URL)('cluster mode: each center its own process, the gateway over HTTP (PostgreSQL)', () => {
  let cluster: Cluster;
  let testDb: TestDatabase;

  beforeAll(async () => {
    testDb = await openTestDatabase();
    // The subgraph processes open their own connections (or their own PGlite): this process's
    // handle was only needed to create the fresh database.
    await testDb.database.close();
    cluster = await startCluster({
      // Fourteen processes with the default pool of 10 could take 140 of PostgreSQL's 100
      // connections while another test file runs beside this one.
      env: { DATABASE_URL: testDb.url!, DATABASE_POOL_SIZE: '3' },
      // Clear of fetch's blocked ports (6000 and friends): 15101 and up.
      portOffset: 11000 + (process.pid % 300) * 2,
      gatewayPort: 0,
    });
    // Every center's process boots tsx and migrates at once: on a busy 2-core machine nine of them
    // took over three minutes.
  }, 600_000);

  afterAll(async () => {
    await cluster?.stop();
    await testDb?.drop().catch(() => {});
  });

  it('runs the shops <-> catalog join across processes', async () => {
    const token = await cluster.graph.tokens.sign(TEST_ADMIN);
    const res = await postGraphQL<{ skus: { nodes: { code: string; shop: { name: string; spus: { totalCount: number } } }[] } }>(
      cluster.graph.url,
      '{ skus(first: 10) { nodes { code shop { name spus(first: 1) { totalCount } } } } }',
      undefined,
      token,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.skus.nodes).toHaveLength(10);
    for (const sku of res.data!.skus.nodes) {
      expect(sku.shop.name.length).toBeGreaterThan(0);
      expect(sku.shop.spus.totalCount).toBeGreaterThan(0);
    }
  });

  it('the service client crosses processes too: creating a product asks shops over HTTP', async () => {
    const token = await cluster.graph.tokens.sign(TEST_ADMIN);
    const category = await postGraphQL<{ categories: { id: string }[] }>(cluster.graph.url, '{ categories { id } }', undefined, token);
    const shops = await postGraphQL<{ shops: { nodes: { id: string; status: string }[] } }>(
      cluster.graph.url,
      '{ shops(first: 10) { nodes { id status } } }',
      undefined,
      token,
    );
    const suspended = shops.data!.shops.nodes.find((s) => s.status === 'SUSPENDED')!;
    const res = await postGraphQL<{ createSpu: { spu: null; userErrors: { field: string[]; code: string }[] } }>(
      cluster.graph.url,
      'mutation($input: CreateSpuInput!) { createSpu(input: $input) { spu { id } userErrors { field code } } }',
      {
        input: {
          shopId: suspended.id,
          categoryId: category.data!.categories[0]!.id,
          name: 'x',
          skus: [{ code: 'C-1', price: { amount: '1.00', currencyCode: 'CNY' } }],
        },
      },
      token,
    );
    expect(res.data!.createSpu.userErrors).toContainEqual({ field: ['input', 'shopId'], code: 'INACTIVE' });
  });

  it('the gateway /ready checks every subgraph process', async () => {
    const base = cluster.graph.url.replace(/\/graphql$/, '');
    expect((await fetch(`${base}/ready`)).status).toBe(200);
  });
});
