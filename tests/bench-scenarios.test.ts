import { demoMemberId, Prng } from '@zhongtai/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCENARIOS, type Caller, type DataSet, type Scenario } from '../bench/src/scenarios/index.ts';
import { postGraphQL, startTestGraph, type TestGraph } from './support/graph.ts';
import { TEST_ADMIN, testMerchant } from '@zhongtai/kit/testing';
import { ADDRESS, buyableSkus, PLACE_ORDER } from './support/shopping.ts';

/**
 * The benchmark's read scenarios, untimed: their queries (the very ones `pnpm bench` sends) run
 * without errors, and the SQL statements a request costs do not grow with the page size or the
 * number of nested rows. Statements under `<center>:relay` are the outbox relay's, not the request's.
 */
let t: TestGraph;
let data: DataSet;
const placed: { id: string; lines: number }[] = [];

const scenario = (name: string): Scenario => SCENARIOS.find((s) => s.name === name)!;

async function tokenFor(caller: Caller): Promise<string> {
  const staff = caller.role === 'ADMIN' ? TEST_ADMIN : caller.role === 'MERCHANT' ? testMerchant(caller.shopId!) : {};
  return t.graph.tokens.sign({ ...staff, role: caller.role, shopId: caller.shopId, memberId: caller.memberId, subject: 'bench:test' });
}

/** Runs the scenario's query; returns its data and the SQL statements per center it cost. */
async function cost(s: Scenario, variables: Record<string, unknown>, caller: Caller) {
  const token = await tokenFor(caller);
  // Once untimed first: a staff token's first request also looks its member up in shops (then cached).
  await t.gql(s.query, variables, token);
  t.counter.reset();
  const res = await t.gql<Record<string, any>>(s.query, variables, token);
  const sql = Object.fromEntries(Object.entries(t.counter.snapshot()).filter(([center]) => !center.includes(':')));
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return { data: res.data!, sql };
}

beforeAll(async () => {
  t = await startTestGraph();
  // The demo data has no orders: place some, with one to three lines, each by another member.
  const skus = await buyableSkus(t, t.shopA, 3, 20);
  for (let i = 0; i < 12; i++) {
    const lines = skus.slice(0, 1 + (i % 3)).map((s) => ({ skuId: s.id, quantity: 1 }));
    const token = await tokenFor({ role: 'CUSTOMER', memberId: demoMemberId(2 + i) });
    const res = await t.gql<{ placeOrder: { orders: { id: string }[] | null; userErrors: unknown[] } }>(
      PLACE_ORDER,
      { input: { idempotencyKey: `bench-test-${i}`, lines, address: ADDRESS } },
      token,
    );
    expect(res.data?.placeOrder.userErrors, JSON.stringify(res)).toEqual([]);
    placed.push({ id: res.data!.placeOrder.orders![0]!.id, lines: lines.length });
  }
  const products = await t.gql<{ products: { nodes: { id: string }[] } }>('{ products(first: 100) { nodes { id } } }', undefined, t.tokens.admin);
  data = {
    orderWindows: [{ status: 'PENDING_PAYMENT', from: '2000-01-01T00:00:00.000Z', to: '2100-01-01T00:00:00.000Z' }],
    orderIds: placed.map((o) => o.id),
    merchantShopIds: [t.shopA],
    onSaleSpuIds: products.data!.products.nodes.map((n) => n.id),
    memberIds: [demoMemberId(1)],
    buyableSkuIds: skus.map((s) => s.id),
  };
});
afterAll(async () => {
  await t?.stop();
});

describe('benchmark scenarios cost the same SQL at any size', () => {
  it('S1 admin order list: a page of 10 costs what a page of 2 costs', async () => {
    const s1 = scenario('S1');
    const request = s1.request(data, 0, new Prng(1));
    const small = await cost(s1, s1.withPageSize!(request.variables, 2), request.caller);
    const large = await cost(s1, s1.withPageSize!(request.variables, 10), request.caller);
    expect(small.data.orders.nodes).toHaveLength(2);
    expect(large.data.orders.nodes).toHaveLength(10);
    expect(large.sql).toEqual(small.sql);
  });

  it('S2 order detail: an order with three lines costs what an order with one costs', async () => {
    const s2 = scenario('S2');
    const one = placed.find((o) => o.lines === 1)!;
    const three = placed.find((o) => o.lines === 3)!;
    const small = await cost(s2, { id: one.id }, { role: 'ADMIN' });
    const large = await cost(s2, { id: three.id }, { role: 'ADMIN' });
    expect(large.data.order.lines).toHaveLength(3);
    expect(large.sql).toEqual(small.sql);
  });

  // Inventory skips its warehouse query when none of the SKUs has a stock level: both sizes
  // compared here hold stocked SKUs, so the comparison is about size and not about that shortcut.
  it('S3 merchant product list: 40 SPUs with their SKUs and stock cost what 10 cost', async () => {
    const s3 = scenario('S3');
    const request = s3.request(data, 0, new Prng(1));
    const small = await cost(s3, s3.withPageSize!(request.variables, 10), request.caller);
    const large = await cost(s3, s3.withPageSize!(request.variables, 40), request.caller);
    const stocked = (d: Record<string, any>) =>
      d.spus.nodes.some((n: { skus: { stock: { inStock: boolean } | null }[] }) => n.skus.some((k) => k.stock?.inStock));
    expect(stocked(small.data) && stocked(large.data)).toBe(true);
    expect(large.data.spus.nodes).toHaveLength(40);
    expect(large.data.spus.nodes.flatMap((n: { skus: unknown[] }) => n.skus).length).toBeGreaterThan(40);
    expect(large.sql).toEqual(small.sql);
  });

  it('S4 product page: the stocked product with most SKUs costs what the one with fewest costs', async () => {
    const s4 = scenario('S4');
    const caller = s4.request(data, 0, new Prng(1)).caller;
    const pages = [];
    for (const id of data.onSaleSpuIds.slice(0, 40)) pages.push({ id, ...(await cost(s4, { id }, caller)) });
    const stocked = pages.filter((p) => p.data.product.skus.some((k: { stock: { inStock: boolean } | null }) => k.stock?.inStock));
    stocked.sort((x, y) => x.data.product.skus.length - y.data.product.skus.length);
    const fewest = stocked[0]!;
    const most = stocked.at(-1)!;
    expect(most.data.product.skus.length).toBeGreaterThan(fewest.data.product.skus.length);
    expect(most.sql).toEqual(fewest.sql);
  });

  it('GET /metrics reports SQL statements per center and the process memory', async () => {
    await postGraphQL(t.graph.url, scenario('S2').query, { id: placed[0]!.id }, t.tokens.admin);
    const text = await (await fetch(new URL('/metrics', t.graph.url))).text();
    expect(text).toMatch(/^zhongtai_sql_statements_total\{center="orders",source="request"\} [1-9]\d*$/m);
    expect(text).toMatch(/^process_resident_memory_bytes [1-9]\d*$/m);
  });
});
