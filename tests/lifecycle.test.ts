import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { CenterHost, createCenterServer, DEMO_MEMBER_ID, demoShopId, SUBSCRIBERS, type Db, type Topic } from '@zhongtai/kit';
import { openTestDatabase, TEST_ADMIN, waitFor, type TestDatabase } from '@zhongtai/kit/testing';
import { allCenters, replicaName, startDistributedGateway, Supervisor, type RunningGraph } from '@zhongtai/gateway';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postGraphQL, type TestGraph } from './support/graph.ts';
import { NOTHING_ORPHANED, orphanedHolds, rowsOf } from './support/placing.ts';
import { setRule } from './support/risk.ts';
import { ADDRESS, buyableSkus, PLACE_ORDER, type BuyableSku } from './support/shopping.ts';

/**
 * Orders and payments each run as two processes (replicas, under the cluster's supervisor), every
 * other center and the gateway in this process, all on one PostgreSQL database. A replica is sent
 * SIGTERM in the middle of a burst of placeOrders (it drains: nothing fails, nothing is lost), and
 * another is SIGKILLed halfway through 200 orders placed and paid (the graph keeps answering; every
 * order ends consistent, paid once, its timer fired once).
 */
describe.runIf(process.env.DATABASE_URL)('graceful stop and replicas: orders and payments as two processes each (PostgreSQL)', () => {
  const REPLICATED = ['orders', 'payments'];
  let testDb: TestDatabase;
  let host: CenterHost;
  let gateway: RunningGraph;
  let processes: Supervisor;
  let db: Db;
  const servers: Server[] = [];
  const urls = new Map<string, string[]>();
  const env: Record<string, string> = {};
  let t: TestGraph;
  let customer: string;
  let skus: BuyableSku[];

  beforeAll(async () => {
    // This test's load is one customer buying hundreds of orders: not what the rate limit is for;
    // and on a busy 2-core machine a burst of placeOrders outlasts the default 10 s deadline.
    env.RATE_LIMIT = 'off';
    env.REQUEST_TIMEOUT_MS = '120000';
    env.SUBGRAPH_TIMEOUT_MS = '120000';
    Object.assign(process.env, env);
    testDb = await openTestDatabase();
    db = testDb.database.forCenter('test');
    const others = allCenters().filter((c) => !REPLICATED.includes(c.name));
    host = await CenterHost.open({ config: testDb.config, database: testDb.database });
    await host.start(others);
    for (const center of others) {
      const server = createCenterServer(host.center(center.name), host.database);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      servers.push(server);
      urls.set(center.name, [`http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`]);
    }
    const ports = new Map<string, number[]>();
    for (const name of REPLICATED) ports.set(name, [await freePort(), await freePort()]);
    for (const [name, list] of ports)
      urls.set(
        name,
        list.map((port) => `http://127.0.0.1:${port}/graphql`),
      );
    for (const [name, list] of urls) env[`SUBGRAPH_URL_${name.toUpperCase()}`] = list.join(',');
    Object.assign(process.env, env);
    const entry = fileURLToPath(new URL('../gateway/src/subgraphServer.ts', import.meta.url));
    processes = new Supervisor(
      REPLICATED.flatMap((name) =>
        ports.get(name)!.map((port, i) => ({
          name: replicaName(name, i + 1),
          command: process.execPath,
          args: ['--import', 'tsx', entry, name],
          env: {
            ...process.env,
            ...env,
            PORT: String(port),
            DATABASE_URL: testDb.url!,
            DATABASE_POOL_SIZE: '4',
            // Long enough for requests already routed to it to arrive; the port closes after it.
            SHUTDOWN_GRACE_MS: '300',
            LOG_LEVEL: 'warn',
          },
        })),
      ),
      { backoffMs: 200, stopTimeoutMs: 20_000 },
    );
    const readyUrls = [...ports.values()].flat().map((port) => `http://127.0.0.1:${port}/ready`);
    await waitFor(
      async () => {
        if (processes.earlyExits.length) throw new Error(`a replica exited at boot: ${JSON.stringify(processes.earlyExits)}`);
        const answers = await Promise.all(
          readyUrls.map((url) =>
            fetch(url, { signal: AbortSignal.timeout(1000) }).then(
              (r) => r.ok,
              () => false,
            ),
          ),
        );
        return answers.every(Boolean);
      },
      { what: 'four replicas ready', timeoutMs: 240_000, intervalMs: 500 },
    );
    processes.supervise();
    gateway = await startDistributedGateway({ config: testDb.config, urlsFor: (name) => urls.get(name)!, port: 0 });
    customer = await gateway.tokens.sign({ role: 'CUSTOMER', memberId: DEMO_MEMBER_ID, subject: 'customer:test' });
    const admin = await gateway.tokens.sign(TEST_ADMIN);
    t = {
      gql: (q: string, v?: Record<string, unknown>, tk?: string | null) => postGraphQL(gateway.url, q, v, tk),
      tokens: { admin, customer },
    } as unknown as TestGraph;
    // One customer placing hundreds of orders is what the velocity rules stop: not this test's subject.
    for (const kind of ['VELOCITY_MEMBER', 'VELOCITY_ADDRESS', 'VELOCITY_IP', 'VELOCITY_DEVICE']) await setRule(t, kind, { enabled: false });
    skus = [...(await buyableSkus(t, demoShopId(1), 4, 60)), ...(await buyableSkus(t, demoShopId(2), 4, 60))];
  }, 400_000);

  afterAll(async () => {
    await processes?.stop();
    await gateway?.stop();
    for (const server of servers) (server.closeAllConnections(), server.close());
    await host?.close().catch(() => {});
    for (const name of Object.keys(env)) delete process.env[name];
    await testDb?.drop().catch(() => {});
  });

  type Placed = { placeOrder: { checkout: { id: string; paymentId: string | null } | null; orders: { id: string }[] | null; userErrors: { code: string }[] } };
  const place = (key: string, i: number) =>
    postGraphQL<Placed>(
      gateway.url,
      PLACE_ORDER,
      { input: { idempotencyKey: key, lines: [{ skuId: skus[i % skus.length]!.id, quantity: 1 }], address: ADDRESS } },
      customer,
    );

  it('SIGTERM to an orders replica in the middle of 40 concurrent placeOrders: every one answered, the replica exits 0, every event published once and handled', async () => {
    const victim = processes.child('orders');
    const exited = new Promise((resolve) => victim.once('exit', (code, signal) => resolve({ code, signal })));
    const burst = Array.from({ length: 40 }, (_, i) => place(`term-${i}`, i).catch((error: Error) => ({ transport: error.message })));
    await waitFor(async () => (await countPlaced(db, 'term-%')) >= 5, { what: 'the first checkouts placed', timeoutMs: 120_000, intervalMs: 20 });
    victim.kill('SIGTERM');
    const answers = await Promise.all(burst);
    const failed = answers.filter((a) => !('data' in a) || a.errors || !a.data?.placeOrder.checkout);
    expect(failed).toEqual([]);
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(await countPlaced(db, 'term-%')).toBe(40);
    await expectEveryEventOnce(db);
    // The supervisor starts it again.
    await waitFor(async () => processes.restarts('orders') === 1 && (await fetch(urls.get('orders')![0]!.replace('/graphql', '/ready'))).ok, {
      what: 'the orders replica restarted',
      timeoutMs: 120_000,
      intervalMs: 500,
    });
  }, 400_000);

  it('200 orders placed and paid with a payments replica SIGKILLed halfway: each consistent, captured once, its timer fired once', async () => {
    const N = 200;
    const paid: { checkoutId: string; paymentId: string }[] = [];
    let killed = false;
    let readyWhileDown: unknown;
    // A client that retries what failed in transit: the same key (the same checkout, or a clear
    // CHECKOUT_FAILED, then a new key); paying again a payment already paid is refused harmlessly.
    const buy = async (i: number) => {
      for (let attempt = 1; attempt <= 6; attempt++) {
        const res = await place(`kill-${i}-${attempt}`, i).catch(() => undefined);
        let payload = res?.data?.placeOrder;
        for (let again = 0; !payload?.checkout && !payload?.userErrors.length && again < 5; again++) {
          await new Promise((r) => setTimeout(r, 200));
          payload = (await place(`kill-${i}-${attempt}`, i).catch(() => undefined))?.data?.placeOrder;
        }
        if (!payload?.checkout) continue;
        const paymentId = payload.checkout.paymentId!;
        for (let tries = 0; tries < 6; tries++) {
          const pay = await t
            .gql<{ sandboxPay: { userErrors: { code: string }[] } }>(
              'mutation($id: ID!) { sandboxPay(input: { paymentId: $id }) { userErrors { code } } }',
              { id: paymentId },
              customer,
            )
            .catch(() => undefined);
          const codes = pay?.data?.sandboxPay.userErrors.map((e) => e.code);
          if (codes && (codes.length === 0 || codes.includes('INVALID_TRANSITION'))) break;
          await new Promise((r) => setTimeout(r, 200));
        }
        paid.push({ checkoutId: payload.checkout.id, paymentId });
        return;
      }
      throw new Error(`order ${i} could not be placed`);
    };
    let next = 0;
    const worker = async () => {
      while (next < N) {
        const i = next++;
        await buy(i);
        if (!killed && paid.length >= N / 2) {
          killed = true;
          processes.child('payments#2').kill('SIGKILL');
          await new Promise((r) => setTimeout(r, 100));
          readyWhileDown = await (await fetch(gateway.url.replace('/graphql', '/ready'))).json();
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    expect(paid).toHaveLength(N);
    expect(readyWhileDown).toEqual({ status: 'ready', replicasDown: [urls.get('payments')![1]] });

    const checkouts = paid.map((p) => p.checkoutId);
    // Every order of every checkout ends PAID, through the event from payments to orders.
    await waitFor(
      async () =>
        (
          await rowsOf<{ n: number }>(
            db,
            sql`select count(*)::int as n from orders.orders where checkout_id = any(${sql.param(checkouts)}::text[]) and status <> 'PAID'`,
          )
        )[0]!.n === 0,
      { what: 'every order paid', timeoutMs: 180_000, intervalMs: 500 },
    );
    // Captured once: one SUCCEEDED payment per checkout, one applied provider callback, one PaymentSucceeded.
    const captures = await rowsOf<{ order_id: string; payments: number; applied: number; events: number }>(
      db,
      sql`select p.order_id,
                 count(*)::int as payments,
                 (select count(*)::int from payments.provider_callbacks c where c.payment_id = min(p.id) and c.result = 'APPLIED') as applied,
                 (select count(*)::int from payments.outbox o where o.topic = 'PaymentSucceeded' and o.payload->>'paymentId' = min(p.id)) as events
          from payments.payments p where p.order_id = any(${sql.param(checkouts)}::text[]) and p.status = 'SUCCEEDED' group by p.order_id`,
    );
    expect(captures).toHaveLength(N);
    expect(captures.filter((c) => c.payments !== 1 || c.applied !== 1 || c.events !== 1)).toEqual([]);
    // Each paid checkout's settle timer fired once, and no timer of orders or payments was queued twice.
    await waitFor(
      async () =>
        (
          await rowsOf<{ n: number }>(
            db,
            sql`select count(*)::int as n from pgboss.job where name = 'orders-job-settlePaid' and singleton_key = any(${sql.param(checkouts.map((c) => `settle-${c}`))}::text[]) and state = 'completed'`,
          )
        )[0]!.n === N,
      { what: 'every settle timer fired', timeoutMs: 180_000, intervalMs: 500 },
    );
    const twice = await rowsOf<{ name: string; singleton_key: string; n: number }>(
      db,
      sql`select name, singleton_key, count(*)::int as n from pgboss.job
          where (name like 'orders-job-%' or name like 'payments-job-%') and singleton_key is not null and name not like '%recover%'
          group by 1, 2 having count(*) > 1`,
    );
    expect(twice).toEqual([]);
    await expectEveryEventOnce(db);
    expect(await orphanedHolds(db)).toEqual(NOTHING_ORPHANED);
    expect(processes.restarts('payments#2')).toBe(1);
  }, 600_000);
});

async function countPlaced(db: Db, keys: string): Promise<number> {
  return (await rowsOf<{ n: number }>(db, sql`select count(*)::int as n from orders.checkouts where status = 'PLACED' and idempotency_key like ${keys}`))[0]!.n;
}

/**
 * Every event orders and payments wrote is published (no row left behind), went into each
 * subscriber's queue exactly once, and was handled there (its processed_events row).
 */
async function expectEveryEventOnce(db: Db): Promise<void> {
  const unpublished = async () =>
    (
      await rowsOf<{ n: number }>(
        db,
        sql`select (select count(*) from orders.outbox where published_at is null) + (select count(*) from payments.outbox where published_at is null) as n`,
      )
    )[0]!.n;
  await waitFor(async () => Number(await unpublished()) === 0, { what: 'the outboxes relayed', timeoutMs: 60_000, intervalMs: 200 });
  const events = await rowsOf<{ id: string; topic: Topic }>(
    db,
    sql`select id, topic from orders.outbox where kind = 'event' union all select id, topic from payments.outbox where kind = 'event'`,
  );
  expect(events.length).toBeGreaterThan(0);
  const queued = await rowsOf<{ id: string; name: string; n: number }>(
    db,
    sql`select data->>'id' as id, name, count(*)::int as n from pgboss.job where data->>'id' = any(${sql.param(events.map((e) => e.id))}::text[]) group by 1, 2`,
  );
  const byKey = new Map(queued.map((q) => [`${q.id} ${q.name}`, q.n]));
  const wrong = events.flatMap((e) =>
    (SUBSCRIBERS[e.topic] ?? [])
      .map((s) => ({ event: e.id, queue: `${s}-${e.topic}`, times: byKey.get(`${e.id} ${s}-${e.topic}`) ?? 0 }))
      .filter((d) => d.times !== 1),
  );
  expect(wrong).toEqual([]);
  await waitFor(
    async () => {
      const expected = new Map<string, string[]>();
      for (const e of events) for (const s of SUBSCRIBERS[e.topic] ?? []) expected.set(s, [...(expected.get(s) ?? []), e.id]);
      for (const [subscriber, ids] of expected) {
        const handled = await rowsOf<{ n: number }>(
          db,
          sql`select count(distinct event_id)::int as n from ${sql.identifier(subscriber)}.processed_events where event_id = any(${sql.param(ids)}::text[])`,
        );
        if (handled[0]!.n !== ids.length) return false;
      }
      return true;
    },
    { what: 'every event handled by each subscriber', timeoutMs: 120_000, intervalMs: 1000 },
  );
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}
