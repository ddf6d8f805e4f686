import { sql } from 'drizzle-orm';
import { signedCustomsReceipt } from '@zhongtai/orders';
import { DEMO_MEMBER_ID } from '@zhongtai/kit';
import { waitFor } from '@zhongtai/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveredOrder, dispatchOf } from './support/aftersales.ts';
import { residentId } from './support/crossBorder.ts';
import { startTestGraph, type TestGraph } from './support/graph.ts';
import { ADDRESS, buyableSkus, orderStatus, payCheckout, shipOrder, type BuyableSku } from './support/shopping.ts';

const ORDER_FIELDS = `id status payable { amount } freight { amount } taxAmount { amount } refunded { amount }
  lines { finalAmount { amount } taxAmount { amount } }
  crossBorder { mode buyerName buyerIdNumber customsValue { amount } customsDeclaration { status customsReference reason } }`;
const PLACE = `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) {
  checkout { id paymentId } orders { ${ORDER_FIELDS} } userErrors { field code message } } }`;

type Order = {
  id: string;
  status: string;
  payable: { amount: string };
  freight: { amount: string };
  taxAmount: { amount: string };
  refunded: { amount: string };
  lines: { finalAmount: { amount: string }; taxAmount: { amount: string } }[];
  crossBorder: {
    mode: string;
    buyerName: string;
    buyerIdNumber: string;
    customsValue: { amount: string };
    customsDeclaration: { status: string; customsReference: string | null; reason: string | null } | null;
  } | null;
};
type Placed = {
  placeOrder: { checkout: { id: string; paymentId: string } | null; orders: Order[] | null; userErrors: { field: string[]; code: string; message: string }[] };
};

const cents = (amount: string) => BigInt(amount.replace('.', ''));
const toAmount = (minor: bigint) => `${minor / 100n}.${String(minor % 100n).padStart(2, '0')}`;

/**
 * 跨境 through the gateway (issue 19, item 3, Must show): a BONDED SKU of shop A at 1,000.00 CNY;
 * orders over the single-order limit and past the annual limit are refused with their userErrors;
 * one within the limits pays its 9.1% tax, waits for customs (no outbound order), is cleared by the
 * sandbox's signed receipt (a forged one changes nothing) and ships; a rejected one is cancelled and
 * refunded; the ID number is answered masked to every role and stored only as ciphertext.
 */
describe('cross-border orders (跨境)', () => {
  let t: TestGraph;
  let sku: BuyableSku;
  const annualBefore = process.env.CROSS_BORDER_ANNUAL_LIMIT;

  beforeAll(async () => {
    t = await startTestGraph();
    process.env.CUSTOMS_SANDBOX_CALLBACK_URL = `${new URL(t.graph.url).origin}/hooks/orders/customs/sandbox/receipt`;
    // The limits are configurable: a 6,000 CNY year makes the annual refusal two orders away.
    process.env.CROSS_BORDER_ANNUAL_LIMIT = '6000.00';
    sku = (await buyableSkus(t, t.shopA, 1, 12))[0]!;
    const flagged = await t.gql<{ updateSku: { sku: { crossBorderMode: string; consumptionTaxRateBps: number | null } | null; userErrors: unknown[] } }>(
      `mutation($input: UpdateSkuInput!) { updateSku(input: $input) { sku { crossBorderMode consumptionTaxRateBps } userErrors { field code message } } }`,
      { input: { id: sku.id, crossBorderMode: 'BONDED', price: { amount: '1000.00', currencyCode: 'CNY' } } },
      t.tokens.merchantA,
    );
    expect(flagged.data!.updateSku).toEqual({ sku: { crossBorderMode: 'BONDED', consumptionTaxRateBps: null }, userErrors: [] });
  }, 300_000);
  afterAll(async () => {
    if (annualBefore === undefined) delete process.env.CROSS_BORDER_ANNUAL_LIMIT;
    else process.env.CROSS_BORDER_ANNUAL_LIMIT = annualBefore;
    await t?.stop();
  });

  const place = (key: string, quantity: number, idNumber: string | null, realName = '张伟') =>
    t.gql<Placed>(
      PLACE,
      {
        input: {
          idempotencyKey: key,
          lines: [{ skuId: sku.id, quantity }],
          address: ADDRESS,
          ...(idNumber ? { buyerIdentity: { realName, idNumber } } : {}),
        },
      },
      t.tokens.customer,
    );
  const order = async (id: string, token = t.tokens.admin) => {
    const res = await t.gql<{ order: Order }>(`query($id: ID!) { order(id: $id) { ${ORDER_FIELDS} } }`, { id }, token);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data!.order;
  };
  const declared = (id: string, status: string) =>
    waitFor(async () => ((await order(id)).crossBorder?.customsDeclaration?.status === status ? order(id) : undefined), {
      what: `declaration of ${id} ${status}`,
    });
  const placedAndPaid = async (key: string, quantity: number, idNumber: string) => {
    const res = await place(key, quantity, idNumber);
    expect(res.data!.placeOrder.userErrors).toEqual([]);
    const placed = res.data!.placeOrder.orders![0]!;
    await payCheckout(t, res.data!.placeOrder.checkout!.paymentId, [placed.id]);
    return { ...placed, paymentId: res.data!.placeOrder.checkout!.paymentId };
  };
  const decide = (orderId: string, outcome: 'CLEARED' | 'REJECTED', reason?: string) =>
    t.gql<{ sandboxDecideCustoms: { order: { status: string } | null; userErrors: unknown[] } }>(
      'mutation($input: SandboxCustomsDecisionInput!) { sandboxDecideCustoms(input: $input) { order { status } userErrors { field code message } } }',
      { input: { orderId, outcome, ...(reason ? { reason } : {}) } },
      t.tokens.admin,
    );

  it('needs the buyer identity, with a valid ID number', async () => {
    const none = await place('xb-none', 1, null);
    expect(none.data!.placeOrder.userErrors).toEqual([
      { field: ['input', 'buyerIdentity'], code: 'REQUIRED', message: expect.stringContaining('real name and ID number') },
    ]);
    const bad = residentId(1).slice(0, 17) + (residentId(1).endsWith('0') ? '1' : '0');
    const wrong = await place('xb-badid', 1, bad);
    expect(wrong.data!.placeOrder.userErrors).toEqual([
      { field: ['input', 'buyerIdentity', 'idNumber'], code: 'INVALID', message: expect.stringContaining('checksum') },
    ]);
    expect(JSON.stringify(wrong)).not.toContain(bad);
  });

  it('an order over the single-order limit (5,000 CNY) is refused', async () => {
    const res = await place('xb-single', 6, residentId(2));
    expect(res.data!.placeOrder.checkout).toBeNull();
    expect(res.data!.placeOrder.userErrors).toEqual([
      { field: ['input', 'lines'], code: 'CROSS_BORDER_SINGLE_LIMIT', message: expect.stringMatching(/at most 5000\.00 CNY; this one is \d+\.\d\d CNY$/) },
    ]);
  });

  it('an order that passes the annual limit of the ID number is refused; another person may still buy', async () => {
    const id = residentId(3);
    const first = await place('xb-annual-1', 4, id);
    expect(first.data!.placeOrder.userErrors).toEqual([]);
    const used = cents(first.data!.placeOrder.orders![0]!.crossBorder!.customsValue.amount);
    const second = await place('xb-annual-2', 3, id);
    expect(second.data!.placeOrder.checkout).toBeNull();
    const [refusal] = second.data!.placeOrder.userErrors;
    expect(refusal).toMatchObject({ field: ['input', 'buyerIdentity', 'idNumber'], code: 'CROSS_BORDER_ANNUAL_LIMIT' });
    expect(refusal!.message).toContain('at most 6000.00 CNY');
    expect(refusal!.message).toContain(`has used ${(Number(used) / 100).toFixed(2)} CNY`);
    expect((await place('xb-annual-other', 2, residentId(4))).data!.placeOrder.userErrors).toEqual([]);
  });

  /** Customs clears it, it is delivered and the customer confirms receipt: the order completes. */
  const clearedAndCompleted = async (id: string) => {
    await declared(id, 'SUBMITTED');
    expect((await decide(id, 'CLEARED')).data!.sandboxDecideCustoms.userErrors).toEqual([]);
    await deliveredOrder(t, id);
    const confirmed = await t.gql<{ confirmReceipt: { userErrors: unknown[] } }>(
      'mutation($id: ID!) { confirmReceipt(input: { orderId: $id }) { userErrors { code } } }',
      { id },
      t.tokens.customer,
    );
    expect(confirmed.data!.confirmReceipt.userErrors).toEqual([]);
  };

  it('within the limits: taxed 9.1%, held until customs clears it (a forged receipt changes nothing), then it ships', async () => {
    const id = residentId(5);
    const placed = await placedAndPaid('xb-clear', 1, id);
    const final = cents(placed.lines[0]!.finalAmount.amount);
    const tax = (final * 910n + 5_000n) / 10_000n;
    expect(cents(placed.taxAmount.amount)).toBe(tax);
    expect(cents(placed.payable.amount)).toBe(final + cents(placed.freight.amount) + tax);
    expect(placed.crossBorder).toMatchObject({ mode: 'BONDED', buyerName: '张*', buyerIdNumber: `110***********${id.slice(-4)}` });

    const submitted = await declared(placed.id, 'SUBMITTED');
    const reference = submitted.crossBorder!.customsDeclaration!.customsReference!;
    // Paid but not cleared: the notice waits, no outbound order asks the warehouse for the goods.
    const notices = await waitFor(
      async () => {
        const res = await t.gql<{ order: { shippingNotices: { awaitingCustoms: boolean }[] } }>(
          'query($id: ID!) { order(id: $id) { shippingNotices { awaitingCustoms } } }',
          { id: placed.id },
          t.tokens.admin,
        );
        return res.data!.order.shippingNotices.length ? res.data!.order.shippingNotices : undefined;
      },
      { what: 'the held shipping notice' },
    );
    expect(notices).toEqual([{ awaitingCustoms: true }]);
    await t.graph.host!.bus!.drain();
    expect((await dispatchOf(t, placed.id)).outbound).toEqual([]);

    // A receipt signed with another secret is refused and changes nothing.
    const [row] = rowsOf<{ id: string }>(
      await t.graph.host!.database.forCenter('orders').execute(sql`select id from orders.customs_declarations where order_id = ${placed.id}`),
    );
    const forged = signedCustomsReceipt({ declarationId: row!.id, customsReference: reference, outcome: 'CLEARED', reason: null }, { secret: 'x'.repeat(40) });
    const hook = `${new URL(t.graph.url).origin}/hooks/orders/customs/sandbox/receipt`;
    const answer = await fetch(hook, { method: 'POST', headers: forged.headers, body: forged.rawBody });
    expect(answer.status).toBe(401);
    expect((await order(placed.id)).crossBorder!.customsDeclaration!.status).toBe('SUBMITTED');

    const cleared = await decide(placed.id, 'CLEARED');
    expect(cleared.data!.sandboxDecideCustoms.userErrors).toEqual([]);
    expect((await order(placed.id)).crossBorder!.customsDeclaration!.status).toBe('CLEARED');
    await shipOrder(t, placed.id);
    expect(await orderStatus(t, placed.id)).toBe('SHIPPED');
    // A replayed (validly signed) receipt of a decided declaration changes nothing either.
    const replay = signedCustomsReceipt({ declarationId: row!.id, customsReference: reference, outcome: 'REJECTED', reason: 'replayed' });
    expect((await fetch(hook, { method: 'POST', headers: replay.headers, body: replay.rawBody })).status).toBe(200);
    expect((await order(placed.id)).crossBorder!.customsDeclaration!.status).toBe('CLEARED');
  });

  it('completed, its tax is owed to customs in the books (CUSTOMS_TAX_PAYABLE), not paid to the shop as freight', async () => {
    const placed = await placedAndPaid('xb-books', 1, residentId(9));
    const tax = cents(placed.taxAmount.amount);
    expect(tax).toBeGreaterThan(0n);
    await clearedAndCompleted(placed.id);
    const books = await waitFor(
      async () => {
        const rows = rowsOf<{ code: string; n: string }>(
          await t.graph
            .host!.database.forCenter('finance')
            .execute(
              sql`select code::text as code, sum(amount)::text as n from finance.postings where order_id = ${placed.id} and code in ('CUSTOMS_TAX_PAYABLE', 'FREIGHT', 'MERCHANT_PAYABLE') and amount < 0 group by code order by 1`,
            ),
        );
        return rows.length ? rows : undefined;
      },
      { what: 'finance recognised the completed order' },
    );
    const credited = Object.fromEntries(books.map((b) => [b.code, -BigInt(b.n)]));
    expect(credited.CUSTOMS_TAX_PAYABLE).toBe(tax);
    expect(credited.FREIGHT ?? 0n).toBe(cents(placed.freight.amount));
  });

  it('a refunded line gives back its share of the tax: the books owe customs only the tax of what was kept', async () => {
    const placed = await placedAndPaid('xb-refund', 2, residentId(11));
    const tax = cents(placed.taxAmount.amount);
    const final = cents(placed.lines[0]!.finalAmount.amount);
    // One line: it carries the order's whole tax.
    expect(cents(placed.lines[0]!.taxAmount.amount)).toBe(tax);
    const [line] = rowsOf<{ id: string }>(
      await t.graph.host!.database.forCenter('orders').execute(sql`select id from orders.order_lines where order_id = ${placed.id}`),
    );
    const refundUnit = async (key: string) => {
      const res = await t.gql<{ refundOrder: { refundId: string | null; userErrors: unknown[] } }>(
        'mutation($input: RefundOrderInput!) { refundOrder(input: $input) { refundId userErrors { field code message } } }',
        {
          input: {
            orderId: placed.id,
            idempotencyKey: key,
            reason: 'one unit damaged',
            lines: [{ orderLineId: line!.id, amount: { amount: (Number(final / 2n) / 100).toFixed(2), currencyCode: 'CNY' } }],
          },
        },
        t.tokens.merchantA,
      );
      expect(res.data!.refundOrder.userErrors).toEqual([]);
      const refund = await t.gql<{ refund: { amount: { amount: string }; taxAmount: { amount: string }; status: string } }>(
        'query($id: ID!) { refund(id: $id) { amount { amount } taxAmount { amount } status } }',
        { id: res.data!.refundOrder.refundId },
        t.tokens.admin,
      );
      return refund.data!.refund;
    };
    const taxBooked = async (sign: 'credit' | 'debit') => {
      const [row] = rowsOf<{ n: string | null }>(
        await t.graph
          .host!.database.forCenter('finance')
          .execute(
            sql`select sum(abs(amount))::text as n from finance.postings where order_id = ${placed.id} and code = 'CUSTOMS_TAX_PAYABLE' and amount ${sign === 'credit' ? sql`< 0` : sql`> 0`}`,
          ),
      );
      return BigInt(row?.n ?? '0');
    };

    // Before completion: one unit's money and half the line's tax (rounded down) come back.
    const first = await refundUnit('xb-refund-1');
    const firstTax = (tax * (final / 2n)) / final;
    expect(first).toEqual({ amount: { amount: toAmount(final / 2n + firstTax) }, taxAmount: { amount: toAmount(firstTax) }, status: 'SUCCEEDED' });
    expect(cents((await order(placed.id)).refunded.amount)).toBe(final / 2n + firstTax);
    // The same key again is the same refund, not a second one.
    expect((await refundUnit('xb-refund-1')).amount.amount).toBe(toAmount(final / 2n + firstTax));

    await clearedAndCompleted(placed.id);
    // Completed: customs is owed the tax of the unit kept, and the freight is the shop's, whole.
    const owed = await waitFor(async () => ((await taxBooked('credit')) > 0n ? taxBooked('credit') : undefined), { what: 'completion booked' });
    expect(owed).toBe(tax - firstTax);
    const [freight] = rowsOf<{ n: string }>(
      await t.graph
        .host!.database.forCenter('finance')
        .execute(sql`select coalesce(sum(-amount), 0)::text as n from finance.postings where order_id = ${placed.id} and code = 'FREIGHT' and amount < 0`),
    );
    expect(BigInt(freight!.n)).toBe(cents(placed.freight.amount));

    // After completion: the other unit's share of the tax comes back out of what customs is owed, not the shop's payable.
    const second = await refundUnit('xb-refund-2');
    expect(second.taxAmount.amount).toBe(toAmount(tax - firstTax));
    const given = await waitFor(async () => ((await taxBooked('debit')) > 0n ? taxBooked('debit') : undefined), { what: 'the refund booked' });
    expect(given).toBe(tax - firstTax);
    const [clawed] = rowsOf<{ n: string }>(
      await t.graph
        .host!.database.forCenter('finance')
        .execute(
          sql`select coalesce(sum(amount), 0)::text as n from finance.postings p join finance.journal_entries e on e.id = p.entry_id where p.order_id = ${placed.id} and p.code = 'REFUNDS_PAYABLE' and p.amount < 0 and e.kind = 'REFUND' and e.posted_at >= (select completed_at from finance.shop_orders where order_id = ${placed.id})`,
        ),
    );
    expect(-BigInt(clawed!.n)).toBe(final - final / 2n + tax - firstTax);
  });

  it('placed by staff for a member (代客下单): the operator gives the buyer identity; without it the order is refused', async () => {
    const PLACE_FOR = `mutation($input: PlaceOrderForMemberInput!) { placeOrderForMember(input: $input) {
      orders { ${ORDER_FIELDS} channel placedBy { role reason } } userErrors { field code } } }`;
    type ForMember = {
      placeOrderForMember: {
        orders: (Order & { channel: string; placedBy: { role: string; reason: string } })[] | null;
        userErrors: { field: string[]; code: string }[];
      };
    };
    const input = (key: string, buyerIdentity?: { realName: string; idNumber: string }) => ({
      input: {
        memberId: DEMO_MEMBER_ID,
        reason: '电话下单',
        idempotencyKey: key,
        lines: [{ skuId: sku.id, quantity: 1 }],
        address: ADDRESS,
        ...(buyerIdentity ? { buyerIdentity } : {}),
      },
    });
    const without = await t.gql<ForMember>(PLACE_FOR, input('xb-staff-none'), t.tokens.admin);
    expect(without.data!.placeOrderForMember.orders).toBeNull();
    expect(without.data!.placeOrderForMember.userErrors.map((e) => e.field.join('.'))).toContain('input.buyerIdentity');
    const id = residentId(11);
    const placed = await t.gql<ForMember>(PLACE_FOR, input('xb-staff', { realName: '李娜', idNumber: id }), t.tokens.admin);
    expect(placed.data!.placeOrderForMember.userErrors).toEqual([]);
    const [made] = placed.data!.placeOrderForMember.orders!;
    expect([made!.channel, made!.placedBy]).toEqual(['STAFF', { role: 'ADMIN', reason: '电话下单' }]);
    // Masked to the staff member who typed it in, as to everyone.
    expect(made!.crossBorder).toMatchObject({ mode: 'BONDED', buyerName: '李*', buyerIdNumber: `110***********${id.slice(-4)}` });
    expect(cents(made!.taxAmount.amount)).toBeGreaterThan(0n);
  });

  it('a rejected declaration cancels the order and refunds it in full', async () => {
    const placed = await placedAndPaid('xb-reject', 1, residentId(6));
    await declared(placed.id, 'SUBMITTED');
    const rejected = await decide(placed.id, 'REJECTED', '订购人身份信息与支付人不符');
    expect(rejected.data!.sandboxDecideCustoms.userErrors).toEqual([]);
    const after = await waitFor(
      async () => {
        const o = await order(placed.id);
        return o.status === 'CANCELLED' && o.refunded.amount === o.payable.amount ? o : undefined;
      },
      { what: 'the rejected order cancelled and refunded' },
    );
    expect(after.crossBorder!.customsDeclaration).toMatchObject({ status: 'REJECTED', reason: '订购人身份信息与支付人不符' });
    // The refund goes out from the cancellation's job, after the commit, as for any cancelled paid order.
    const refunds = await waitFor(
      async () => {
        const res = await t.gql<{ payment: { refunds: { status: string; amount: { amount: string } }[] } }>(
          'query($id: ID!) { payment(id: $id) { refunds { status amount { amount } } } }',
          { id: placed.paymentId },
          t.tokens.admin,
        );
        const list = res.data?.payment.refunds ?? [];
        return list.some((r) => r.status === 'SUCCEEDED') ? list : undefined;
      },
      { what: 'the refund of the rejected order', timeoutMs: 60_000 },
    );
    expect(refunds).toEqual([{ status: 'SUCCEEDED', amount: { amount: placed.payable.amount } }]);
    await t.graph.host!.bus!.drain();
    expect((await dispatchOf(t, placed.id)).outbound).toEqual([]);
  });

  it('the ID number is never answered unmasked (any role) and is stored only as ciphertext, in no event', async () => {
    const id = residentId(7);
    const res = await place('xb-privacy', 1, id, '李小龙');
    const placed = res.data!.placeOrder.orders![0]!;
    for (const token of [t.tokens.admin, t.tokens.merchantA, t.tokens.analyst, t.tokens.customer]) {
      const seen = await order(placed.id, token);
      expect(seen.crossBorder).toMatchObject({ buyerName: '李**', buyerIdNumber: `110***********${id.slice(-4)}` });
      expect(JSON.stringify(seen)).not.toContain(id);
      expect(JSON.stringify(seen)).not.toContain('小龙');
    }
    const db = t.graph.host!.database.forCenter('orders');
    const [stored] = rowsOf<Record<string, string>>(await db.execute(sql`select * from orders.cross_border_buyers where order_id = ${placed.id}`));
    expect(stored!.id_number_sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(JSON.stringify(stored)).not.toContain(id);
    expect(JSON.stringify(stored)).not.toContain('李小龙');
    const outbox = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from orders.outbox where payload::text like ${'%' + id + '%'}`));
    expect(Number(outbox[0]!.n)).toBe(0);
    const checkouts = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from orders.checkouts where request_hash = ${id}`));
    expect(Number(checkouts[0]!.n)).toBe(0);
  });
});

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
