import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CROSS_BORDER_SKU_ID, maskName } from '@zhongtai/kit';
import { demoBuyerIdentity, seedDemoOrders } from '@zhongtai/gateway';
import { startTestGraph, type TestGraph } from './support/graph.ts';

/**
 * `pnpm start`'s demo orders (issue 15, item 7), a small number: every state is present, and the
 * times the centers stored are in the past and in order, because each step ran as at its own time.
 */
describe('demo orders over the last 90 days', () => {
  let t: TestGraph;
  beforeAll(async () => {
    t = await startTestGraph();
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
  });

  it('seeds 40 orders in every state, one of them cross-border, dated in the past, and a second run adds nothing', async () => {
    const started = Date.now();
    const first = await seedDemoOrders(t.graph.host!, { count: 40 });
    expect(first).toEqual({ placed: 40, skipped: 0, failed: 0, failures: [] });

    const res = await t.gql<{
      orders: {
        totalCount: number;
        nodes: { id: string; status: string; createdAt: string; paidAt: string | null; shippedAt: string | null; completedAt: string | null }[];
      };
    }>('{ orders(first: 100) { totalCount nodes { id status createdAt paidAt shippedAt completedAt } } }', {}, t.tokens.admin);
    expect(res.errors).toBeUndefined();
    const demo = res.data!.orders.nodes.filter((o) => Date.parse(o.createdAt) < started - 86_400_000);
    const states = new Set(demo.map((o) => o.status));
    for (const state of ['PAID', 'SHIPPED', 'DELIVERED', 'COMPLETED', 'CANCELLED', 'CLOSED']) expect([state, states.has(state)]).toEqual([state, true]);
    // CLOSED is both the unpaid timeout (never paid) and a paid order refunded in full before it shipped.
    const closed = demo.filter((o) => o.status === 'CLOSED');
    expect(['closed by the payment timeout', closed.some((o) => o.paidAt === null)]).toEqual(['closed by the payment timeout', true]);
    expect(['refunded before shipping', closed.some((o) => o.paidAt !== null)]).toEqual(['refunded before shipping', true]);
    const paid = demo.filter((o) => o.paidAt !== null);
    expect(paid.length).toBeGreaterThan(0);
    for (const o of paid) {
      expect(Date.parse(o.createdAt)).toBeLessThan(Date.parse(o.paidAt!));
      expect(Date.parse(o.paidAt!)).toBeLessThan(started);
    }

    const completed = demo.filter((o) => o.status === 'COMPLETED');
    expect(completed.length).toBeGreaterThan(0);
    for (const o of completed) {
      const times = [o.createdAt, o.paidAt!, o.shippedAt!, o.completedAt!].map((x) => Date.parse(x));
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(new Set(times).size).toBe(4);
      expect(times[3]!).toBeLessThan(started);
    }

    // 跨境: order 23 (of member 24) bought the demo cross-border SKU with its buyer's identity: taxed,
    // answered masked, cleared by the customs sandbox before it shipped, then completed like the others.
    const crossBorder = await t.gql<{
      orders: {
        nodes: {
          status: string;
          taxAmount: { amount: string };
          paidAt: string;
          shippedAt: string;
          lines: { sku: { id: string }; quantity: number; finalAmount: { amount: string } }[];
          crossBorder: { mode: string; buyerName: string; buyerIdNumber: string; customsDeclaration: { status: string; decidedAt: string } };
        }[];
      };
    }>(
      `query($sku: ID!) { orders(first: 10, filter: { skuId: $sku }) { nodes { status taxAmount { amount } paidAt shippedAt lines { sku { id } quantity finalAmount { amount } }
        crossBorder { mode buyerName buyerIdNumber customsDeclaration { status decidedAt } } } } }`,
      { sku: DEMO_CROSS_BORDER_SKU_ID },
      t.tokens.admin,
    );
    expect(crossBorder.errors).toBeUndefined();
    const buyer = demoBuyerIdentity(24);
    expect(crossBorder.data!.orders.nodes).toEqual([
      expect.objectContaining({
        status: 'COMPLETED',
        lines: [{ sku: { id: DEMO_CROSS_BORDER_SKU_ID }, quantity: 1, finalAmount: expect.any(Object) }],
        crossBorder: {
          mode: 'BONDED',
          buyerName: maskName(buyer.realName),
          buyerIdNumber: `${buyer.idNumber.slice(0, 3)}***********${buyer.idNumber.slice(-4)}`,
          customsDeclaration: { status: 'CLEARED', decidedAt: expect.any(String) },
        },
      }),
    ]);
    const [declared] = crossBorder.data!.orders.nodes;
    // The comprehensive tax, 9.1% of the line after its discounts (a member's level discount, say), rounded half up.
    const final = BigInt(declared!.lines[0]!.finalAmount.amount.replace('.', ''));
    expect(BigInt(declared!.taxAmount.amount.replace('.', ''))).toBe((final * 910n + 5_000n) / 10_000n);
    expect(final).toBeGreaterThan(0n);
    const cleared = Date.parse(declared!.crossBorder.customsDeclaration.decidedAt);
    expect([Date.parse(declared!.paidAt) < cleared, cleared < Date.parse(declared!.shippedAt)]).toEqual([true, true]);

    const again = await seedDemoOrders(t.graph.host!, { count: 40 });
    expect(again).toEqual({ placed: 0, skipped: 40, failed: 0, failures: [] });
    const after = await t.gql<{ orders: { totalCount: number } }>('{ orders(first: 1) { totalCount } }', {}, t.tokens.admin);
    expect(after.data!.orders.totalCount).toBe(res.data!.orders.totalCount);
  }, 600_000);
});
