import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { CenterHost, createCenterServer, DEMO_MEMBER_ID, demoShopId } from '@zhongtai/kit';
import { openTestDatabase, TEST_ADMIN, waitFor, type TestDatabase } from '@zhongtai/kit/testing';
import { allCenters, startDistributedGateway, type RunningGraph } from '@zhongtai/gateway';
import { ordersCenter, recoverStuckCheckouts } from '@zhongtai/orders';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postGraphQL, type GraphQLResponse, type TestGraph } from './support/graph.ts';
import { CHECKOUT_BY_KEY, NOTHING_ORPHANED, orphanedHolds, rowsOf } from './support/placing.ts';
import { ADDRESS, buyableSkus, claimPlatformCoupon, PLACE_ORDER } from './support/shopping.ts';

/**
 * The orders center in a child process of its own (as in cluster mode), every other center and
 * the gateway in this one, all on one PostgreSQL database. 100 placeOrders are fired at once and
 * the orders process is SIGKILLed while they are in flight; after a restart and the recovery job,
 * no checkout is PLACING, nothing is held without an order, and every key retried is answered.
 */
describe.runIf(process.env.DATABASE_URL)('placeOrder when the orders process is killed mid-burst (PostgreSQL)', () => {
  const N = 100;
  let testDb: TestDatabase;
  let host: CenterHost;
  let gateway: RunningGraph;
  let orders: ChildProcess | undefined;
  let ordersPort: number;
  const servers: Server[] = [];
  const urls = new Map<string, string>();
  const env: Record<string, string> = {};
  let customer: string;
  let admin: string;

  const ordersEntry = fileURLToPath(new URL('../gateway/src/subgraphServer.ts', import.meta.url));
  async function startOrders(): Promise<void> {
    const child = spawn(process.execPath, ['--import', 'tsx', ordersEntry, 'orders'], {
      env: { ...process.env, ...env, PORT: String(ordersPort), DATABASE_URL: testDb.url!, DATABASE_POOL_SIZE: '10' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d: Buffer) => process.stdout.write(`[orders child] ${d}`));
    child.stderr!.on('data', (d: Buffer) => process.stderr.write(`[orders child] ${d}`));
    orders = child;
    await waitFor(async () => child.exitCode === null && (await fetch(`http://127.0.0.1:${ordersPort}/ready`, { signal: AbortSignal.timeout(1000) })).ok, {
      what: 'the orders process to be ready',
      timeoutMs: 120_000,
      intervalMs: 250,
    });
  }

  beforeAll(async () => {
    // A hundred orders of one customer at once, twice, is this test's load, not an attack: with the
    // leaky bucket on, the retry burst is THROTTLED (the bucket is tested in limits.test.ts).
    env.RATE_LIMIT = 'off';
    process.env.RATE_LIMIT = 'off';
    testDb = await openTestDatabase();
    ordersPort = await freePort();
    urls.set('orders', `http://127.0.0.1:${ordersPort}/graphql`);
    // This process reaches orders over HTTP; the others are hosted here, each behind its own server.
    const others = allCenters().filter((c) => c.name !== 'orders');
    host = await CenterHost.open({ config: testDb.config, database: testDb.database });
    await host.start(others);
    for (const center of others) {
      const server = createCenterServer(host.center(center.name), host.database);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      servers.push(server);
      urls.set(center.name, `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`);
    }
    for (const [name, url] of urls) env[`SUBGRAPH_URL_${name.toUpperCase()}`] = url;
    Object.assign(process.env, env);
    await startOrders();
    gateway = await startDistributedGateway({ config: testDb.config, urlFor: (name) => urls.get(name)!, port: 0 });
    customer = await gateway.tokens.sign({ role: 'CUSTOMER', memberId: DEMO_MEMBER_ID, subject: 'customer:test' });
    admin = await gateway.tokens.sign(TEST_ADMIN);
  });

  afterAll(async () => {
    orders?.kill('SIGKILL');
    await gateway?.stop();
    for (const server of servers) (server.closeAllConnections(), server.close());
    await host?.close().catch(() => {});
    for (const name of Object.keys(env)) delete process.env[name];
    await testDb?.drop().catch(() => {});
  });

  it('after SIGKILL, restart and recovery: nothing PLACING, nothing held without an order, every key answered', async () => {
    const t = {
      gql: (q: string, v?: Record<string, unknown>, tk?: string | null) => postGraphQL(gateway.url, q, v, tk),
      tokens: { admin, customer },
    } as unknown as TestGraph;
    const skus = [...(await buyableSkus(t, demoShopId(1), 4, 40)), ...(await buyableSkus(t, demoShopId(2), 4, 40))];
    const coupons = await Promise.all(Array.from({ length: 5 }, () => claimPlatformCoupon(t)));
    const inputOf = (i: number) => ({
      idempotencyKey: `kill-${i}`,
      // Some checkouts span two shops (two reservations), some spend points or lock a coupon.
      lines:
        i % 4 === 0
          ? [
              { skuId: skus[i % 4]!.id, quantity: 1 },
              { skuId: skus[4 + (i % 4)]!.id, quantity: 1 },
            ]
          : [{ skuId: skus[i % skus.length]!.id, quantity: 1 }],
      address: ADDRESS,
      pointsToUse: i % 3 === 0 ? 10 : 0,
      couponCode: i % 20 === 1 ? coupons[(i - 1) / 20]! : null,
    });
    type Placed = { placeOrder: { checkout: { id: string } | null; orders: { id: string }[] | null; userErrors: { code: string }[] } };
    const place = (i: number) =>
      postGraphQL<Placed>(gateway.url, PLACE_ORDER, { input: inputOf(i) }, customer).catch(
        (error: Error) => ({ status: 0, errors: [{ message: error.message }] }) as GraphQLResponse<Placed>,
      );
    const db = host.database.forCenter('orders');
    const countPlaced = async () =>
      Number(
        (await rowsOf<{ n: number }>(db, sql`select count(*)::int as n from orders.checkouts where status = 'PLACED' and idempotency_key like 'kill-%'`))[0]!.n,
      );

    const inFlight = Array.from({ length: N }, (_, i) => place(i));
    // Kill it once a few are through: the rest are somewhere between their claim and their save.
    await waitFor(async () => (await countPlaced()) >= 5, { what: 'the first checkouts placed', timeoutMs: 180_000, intervalMs: 20 });
    orders!.kill('SIGKILL');
    await new Promise((r) => orders!.once('exit', r));
    const first = await Promise.all(inFlight);
    const stuck = await rowsOf<{ id: string; held_orders: unknown }>(db, sql`select id, held_orders from orders.checkouts where status = 'PLACING'`);
    const answered = first.filter((r) => r.data?.placeOrder.checkout).length;
    console.log(
      `killed with ${await countPlaced()} placed, ${stuck.length} stuck in PLACING (${stuck.filter((s) => s.held_orders).length} with recorded holds); ${answered} clients got their order`,
    );
    expect(answered).toBeLessThan(N);
    expect(stuck.length).toBeGreaterThan(0);
    expect((await orphanedHolds(db)).reservations.length).toBeGreaterThan(0);

    await startOrders();
    // The restarted process's job runs every minute; here it is run at once, twice in parallel as
    // two processes would (each run its own connections): every stuck checkout ends exactly once.
    const recoveryHost = await CenterHost.open({ config: testDb.config, database: testDb.database, seedWhenEmpty: false, events: false });
    await recoveryHost.start([ordersCenter]);
    const ctx = () => recoveryHost.contextFor('orders', { role: 'SERVICE', subject: 'system:orders' });
    const recovery = await recoverIn(ctx);
    const ended = [...recovery[0].failed, ...recovery[1].failed, ...recovery[0].completed, ...recovery[1].completed];
    expect(new Set(ended).size).toBe(ended.length);
    expect(ended.sort()).toEqual(stuck.map((s) => s.id).sort());
    expect(await orphanedHolds(db)).toEqual(NOTHING_ORPHANED);

    // Every key retried gets its outcome: the same order, or a clear "failed, retry with a new key"
    // (a key whose request never reached the orders process is placed now).
    const retried = await Promise.all(Array.from({ length: N }, (_, i) => postGraphQL<Placed>(gateway.url, PLACE_ORDER, { input: inputOf(i) }, customer)));
    retried.forEach((res, i) => {
      expect(res.errors, `kill-${i}`).toBeUndefined();
      const payload = res.data!.placeOrder;
      if (payload.checkout) expect(payload.orders!.length, `kill-${i}`).toBeGreaterThan(0);
      else
        expect(
          payload.userErrors.map((e) => e.code),
          `kill-${i}`,
        ).toEqual(expect.arrayContaining([expect.stringMatching(/^(CHECKOUT_FAILED|INSUFFICIENT_POINTS|OUT_OF_STOCK|IN_USE)$/)]));
      const before = first[i]!.data?.placeOrder.checkout?.id;
      if (before) expect(payload.checkout?.id, `kill-${i}`).toBe(before);
    });
    for (const s of stuck) {
      const i = Number((await rowsOf<{ k: string }>(db, sql`select idempotency_key as k from orders.checkouts where id = ${s.id}`))[0]!.k.slice(5));
      expect(
        retried[i]!.data!.placeOrder.userErrors.map((e) => e.code),
        `stuck kill-${i}`,
      ).toEqual(['CHECKOUT_FAILED']);
      const asked = await postGraphQL<{ checkoutByIdempotencyKey: { status: string } }>(gateway.url, CHECKOUT_BY_KEY, { key: `kill-${i}` }, customer);
      expect(asked.data!.checkoutByIdempotencyKey.status).toBe('FAILED');
    }
    expect(await orphanedHolds(db)).toEqual(NOTHING_ORPHANED);
    // 100 placeOrders, a SIGKILL, a process restart and two recovery runs: minutes on a busy machine.
  }, 300_000);
});

async function recoverIn(ctx: () => Promise<Parameters<typeof recoverStuckCheckouts>[0]>) {
  const [a, b] = await Promise.all([ctx(), ctx()]);
  return Promise.all([recoverStuckCheckouts(a, { olderThanSeconds: 0 }), recoverStuckCheckouts(b, { olderThanSeconds: 0 })]);
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}
