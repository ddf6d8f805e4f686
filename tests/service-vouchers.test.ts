import { waitFor } from '@zhongtai/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decide, fileRequest, settled } from './support/aftersales.ts';
import { warehouseWith } from './support/fulfillment.ts';
import { startTestGraph, type TestGraph } from './support/graph.ts';
import { ADDRESS, orderStatus, payCheckout, PLACE_ORDER } from './support/shopping.ts';

/**
 * Issue 19, item 1 leftovers: a service product's voucher terms (validity, refund rule, refund on
 * expiry), the expiry job on both sides of the instant (injected clock), after-sale refunds of k of
 * n units voiding exactly k vouchers, and the day a service is booked for carried to its vouchers.
 */
let t: TestGraph;
/** When set, the graph's clock stands still at this time (GraphQL requests, handlers and jobs alike). */
let frozenAt: number | null = null;

beforeAll(async () => {
  t = await startTestGraph({ clock: () => new Date(frozenAt ?? Date.now()) });
});
afterAll(async () => {
  await t?.stop();
});

const DAY_MS = 86_400_000;
const RUN = Date.now().toString(36);
let keys = 0;

type UserErrors = { field: string[] | null; code: string; message: string }[];
type Placed = {
  placeOrder: {
    checkout: { paymentId: string } | null;
    orders: { id: string; lines: { id: string; quantity: number; finalAmount: { amount: string } }[] }[] | null;
    userErrors: UserErrors;
  };
};
type Voucher = { id: string; code: string; orderLineId: string; status: string; expiresAt: string | null; refundable: boolean; serviceDate: string | null };

async function place(lines: { skuId: string; quantity: number; serviceDate?: string }[]) {
  const res = await t.gql<Placed>(PLACE_ORDER, { input: { idempotencyKey: `vt-${RUN}-${keys++}`, lines, address: ADDRESS } }, t.tokens.customer);
  if (!res.data?.placeOrder) throw new Error(JSON.stringify(res.errors));
  return res.data.placeOrder;
}

/** The seeded product of that type whose name contains `keyword`: its id and first SKU. */
async function seeded(keyword: string, productType: string) {
  const res = await t.gql<{ spus: { nodes: { id: string; skus: { id: string }[] }[] } }>(
    'query($k: String!, $p: ProductType!) { spus(first: 5, filter: { keyword: $k, productType: $p, status: ON_SALE }) { nodes { id skus { id } } } }',
    { k: keyword, p: productType },
    t.tokens.admin,
  );
  const spu = res.data?.spus.nodes[0];
  if (!spu) throw new Error(`no seeded ${productType} product named ${keyword}: ${JSON.stringify(res.errors)}`);
  return { spuId: spu.id, skuId: spu.skus[0]!.id };
}

const setTerms = (spuId: string, voucherTerms: Record<string, unknown> | null) =>
  t.gql<{ updateSpu: { spu: { voucherTerms: Record<string, unknown> | null } | null; userErrors: UserErrors } }>(
    'mutation($i: UpdateSpuInput!) { updateSpu(input: $i) { spu { voucherTerms { validDays validUntil refundRule autoRefundOnExpiry } } userErrors { field code message } } }',
    { i: { id: spuId, voucherTerms } },
    t.tokens.admin,
  );

const VOUCHERS = 'query($o: ID!) { serviceVouchers(orderId: $o) { id code orderLineId status expiresAt refundable serviceDate } }';
const vouchersNow = async (orderId: string) => (await t.gql<{ serviceVouchers: Voucher[] }>(VOUCHERS, { o: orderId }, t.tokens.customer)).data!.serviceVouchers;
const vouchersOf = (orderId: string, count: number) =>
  waitFor(async () => ((await vouchersNow(orderId)).length === count ? vouchersNow(orderId) : undefined), { what: `${count} vouchers of ${orderId}` });
const statuses = async (orderId: string) => (await vouchersNow(orderId)).map((v) => v.status).sort();

const redeem = async (code: string) =>
  (
    await t.gql<{ redeemServiceVoucher: { serviceVoucher: { status: string } | null; userErrors: UserErrors } }>(
      'mutation($c: String!) { redeemServiceVoucher(input: { code: $c }) { serviceVoucher { status } userErrors { field code message } } }',
      { c: code },
      t.tokens.admin,
    )
  ).data!.redeemServiceVoucher;

/** Runs fulfillment's expiry job now, as if the clock read `at`. */
async function expireAt(at: number): Promise<void> {
  const host = t.graph.host!;
  const ctx = await host.contextFor('fulfillment', { role: 'SERVICE', subject: 'test:vouchers' }, () => new Date(at));
  await host.center('fulfillment').definition.jobs!.expireVouchers!.handler(ctx, {});
}

/** Buys `quantity` of a service and pays; the vouchers issued for it. */
async function paidService(skuId: string, quantity: number) {
  const placed = await place([{ skuId, quantity }]);
  expect(placed.userErrors).toEqual([]);
  const order = placed.orders![0]!;
  // Not payCheckout: a service order may pass PAID to DELIVERED (its vouchers) before a poll sees PAID.
  const paid = await t.gql(
    'mutation($id: ID!) { sandboxPay(input: { paymentId: $id }) { userErrors { code } } }',
    { id: placed.checkout!.paymentId },
    t.tokens.customer,
  );
  expect(paid.errors).toBeUndefined();
  return { order, line: order.lines[0]!, vouchers: await vouchersOf(order.id, quantity) };
}

const refundOnly = async (orderId: string, orderLineId: string, quantity: number) =>
  (await fileRequest(t, { orderId, orderLineId, type: 'REFUND_ONLY', quantity })).data!.fileAfterSaleRequest;

/** Files, approves and waits for the refund of `quantity` units. */
async function refunded(orderId: string, orderLineId: string, quantity: number) {
  const filed = await refundOnly(orderId, orderLineId, quantity);
  expect(filed.userErrors).toEqual([]);
  expect((await decide(t, 'approve', { id: filed.request!.id }, t.tokens.admin)).data?.result.userErrors).toEqual([]);
  return settled(t, filed.request!.id, ['REFUNDED']);
}

describe('service voucher terms (issue 19)', () => {
  it('terms are checked: one kind of validity, a real refund rule, refund on expiry only where money may come back, only on a service', async () => {
    const service = await seeded('家具安装服务', 'SERVICE');
    const wardrobe = await seeded('衣柜', 'PHYSICAL_WITH_SERVICE');
    const codes = async (spuId: string, terms: Record<string, unknown>) =>
      (await setTerms(spuId, terms)).data!.updateSpu.userErrors.map((e) => [e.field?.join('.'), e.code]);
    expect(await codes(service.spuId, { validDays: 0, refundRule: 'REFUNDABLE_ANYTIME' })).toEqual([['input.voucherTerms.validDays', 'OUT_OF_RANGE']]);
    expect(await codes(service.spuId, { validDays: 3, validUntil: new Date(Date.now() + DAY_MS).toISOString(), refundRule: 'REFUNDABLE_ANYTIME' })).toEqual([
      ['input.voucherTerms.validUntil', 'INVALID'],
    ]);
    expect(await codes(service.spuId, { validUntil: new Date(Date.now() - 1000).toISOString(), refundRule: 'REFUNDABLE_ANYTIME' })).toEqual([
      ['input.voucherTerms.validUntil', 'OUT_OF_RANGE'],
    ]);
    expect(await codes(service.spuId, { validDays: 30, refundRule: 'NOT_REFUNDABLE', autoRefundOnExpiry: true })).toEqual([
      ['input.voucherTerms.autoRefundOnExpiry', 'INVALID'],
    ]);
    expect(await codes(service.spuId, { refundRule: 'REFUNDABLE_ANYTIME', autoRefundOnExpiry: true })).toEqual([
      ['input.voucherTerms.autoRefundOnExpiry', 'INVALID'],
    ]);
    // Goods with installation issue vouchers too: they take terms; plain goods do not.
    expect(await codes(wardrobe.spuId, { validDays: 365, refundRule: 'REFUNDABLE_ANYTIME' })).toEqual([]);
    const shoes = await t.gql<{ spus: { nodes: { id: string }[] } }>(
      '{ spus(first: 1, filter: { productType: PHYSICAL }) { nodes { id } } }',
      {},
      t.tokens.admin,
    );
    expect(await codes(shoes.data!.spus.nodes[0]!.id, { validDays: 30, refundRule: 'REFUNDABLE_ANYTIME' })).toEqual([['input.voucherTerms', 'INVALID']]);
    const set = await setTerms(service.spuId, { validDays: 30, refundRule: 'REFUNDABLE_BEFORE_EXPIRY' });
    expect(set.data!.updateSpu.spu!.voucherTerms).toEqual({
      validDays: 30,
      validUntil: null,
      refundRule: 'REFUNDABLE_BEFORE_EXPIRY',
      autoRefundOnExpiry: false,
    });
  });

  it('valid 30 days, refundable before expiry: at 1 ms before the end a unit is refunded (one voucher voided) and one redeemed; at the end the last is neither, the job expires it and the order completes', async () => {
    const service = await seeded('家具安装服务', 'SERVICE');
    await setTerms(service.spuId, { validDays: 30, refundRule: 'REFUNDABLE_BEFORE_EXPIRY' });
    frozenAt = Date.now();
    try {
      const { order, line, vouchers } = await paidService(service.skuId, 3);
      const end = new Date(vouchers[0]!.expiresAt!).getTime();
      // Issued at payment (the frozen clock), valid 30 days.
      expect(vouchers.every((v) => v.expiresAt === vouchers[0]!.expiresAt && v.status === 'ISSUED' && v.refundable)).toBe(true);
      expect(end - frozenAt).toBeGreaterThanOrEqual(30 * DAY_MS - 60_000);
      expect(end - frozenAt).toBeLessThanOrEqual(30 * DAY_MS);
      await waitFor(async () => (await orderStatus(t, order.id)) === 'DELIVERED', { what: 'service order delivered by its vouchers' });

      frozenAt = end - 1;
      await expireAt(end - 1);
      expect(await statuses(order.id)).toEqual(['ISSUED', 'ISSUED', 'ISSUED']);
      // k of n: a refund of one unit voids exactly one voucher.
      await refunded(order.id, line.id, 1);
      await waitFor(async () => (await statuses(order.id)).includes('VOIDED'), { what: 'one voucher voided by the refund' });
      expect(await statuses(order.id)).toEqual(['ISSUED', 'ISSUED', 'VOIDED']);
      const left = (await vouchersNow(order.id)).filter((v) => v.status === 'ISSUED');
      expect((await redeem(left[0]!.code)).serviceVoucher?.status).toBe('REDEEMED');

      frozenAt = end;
      const last = left[1]!;
      expect((await vouchersNow(order.id)).find((v) => v.id === last.id)!.refundable).toBe(false);
      const late = await redeem(last.code);
      expect(late.serviceVoucher).toBeNull();
      expect(late.userErrors.map((e) => e.code)).toEqual(['EXPIRED']);
      const refused = await refundOnly(order.id, line.id, 1);
      expect(refused.request).toBeNull();
      expect(refused.userErrors).toEqual([expect.objectContaining({ code: 'EXPIRED', field: ['input', 'orderLineId'] })]);

      await expireAt(end);
      expect(await statuses(order.id)).toEqual(['EXPIRED', 'REDEEMED', 'VOIDED']);
      // Every voucher redeemed, voided or expired: the service is done.
      await waitFor(async () => (await orderStatus(t, order.id)) === 'COMPLETED', { what: 'order completed once nothing is left to redeem' });
    } finally {
      frozenAt = null;
    }
  });

  it('not refundable: a refund of an unredeemed voucher is refused with a clear userError, and the voucher stays usable', async () => {
    const service = await seeded('送货上门服务', 'SERVICE');
    expect((await setTerms(service.spuId, { validDays: 7, refundRule: 'NOT_REFUNDABLE' })).data!.updateSpu.userErrors).toEqual([]);
    const { order, line, vouchers } = await paidService(service.skuId, 1);
    expect(vouchers[0]!.refundable).toBe(false);
    await waitFor(async () => (await orderStatus(t, order.id)) === 'DELIVERED', { what: 'service order delivered by its voucher' });
    const refused = await refundOnly(order.id, line.id, 1);
    expect(refused.request).toBeNull();
    expect(refused.userErrors).toEqual([{ field: ['input', 'orderLineId'], code: 'NOT_REFUNDABLE', message: 'This service is not refundable once paid' }]);
    expect((await redeem(vouchers[0]!.code)).serviceVoucher?.status).toBe('REDEEMED');
  });

  it('refundable anytime with refund on expiry: 1 ms before the end nothing happens; at the end the unredeemed voucher expires and its share goes back on its own', async () => {
    const service = await seeded('上门测量', 'SERVICE');
    const start = Date.now();
    const end = start + 2 * DAY_MS;
    expect(
      (await setTerms(service.spuId, { validUntil: new Date(end).toISOString(), refundRule: 'REFUNDABLE_ANYTIME', autoRefundOnExpiry: true })).data!.updateSpu
        .userErrors,
    ).toEqual([]);
    frozenAt = start;
    try {
      const { order, line, vouchers } = await paidService(service.skuId, 2);
      expect(vouchers.map((v) => new Date(v.expiresAt!).getTime())).toEqual([end, end]);
      await waitFor(async () => (await orderStatus(t, order.id)) === 'DELIVERED', { what: 'service order delivered by its vouchers' });
      expect((await redeem(vouchers[0]!.code)).serviceVoucher?.status).toBe('REDEEMED');

      frozenAt = end - 1;
      await expireAt(end - 1);
      expect(await statuses(order.id)).toEqual(['ISSUED', 'REDEEMED']);

      frozenAt = end;
      await expireAt(end);
      expect(await statuses(order.id)).toEqual(['EXPIRED', 'REDEEMED']);
      // Half the line (one of two units) is refunded; the order is done.
      const half = (Number(line.finalAmount.amount) / 2).toFixed(2);
      const refundedAmount = await waitFor(
        async () => {
          const res = await t.gql<{ order: { status: string; lines: { id: string; refunded: { amount: string } }[] } }>(
            'query($id: ID!) { order(id: $id) { status lines { id refunded { amount } } } }',
            { id: order.id },
            t.tokens.admin,
          );
          const refunded = res.data?.order.lines.find((l) => l.id === line.id)?.refunded.amount;
          return res.data?.order.status === 'COMPLETED' && refunded !== '0.00' ? refunded : undefined;
        },
        { what: 'the expired voucher refunded and the order completed' },
      );
      expect(refundedAmount).toBe(half);
      // Refunded on its own: a customer's refund of it would be a second one.
      const refused = await refundOnly(order.id, line.id, 1);
      expect(refused.userErrors.map((e) => e.code)).toEqual(['EXPIRED']);
    } finally {
      frozenAt = null;
    }
  });

  it('an after-sale on 2 of 3 units of furniture with installation voids exactly 2 of its unredeemed vouchers', async () => {
    const wardrobe = await seeded('衣柜', 'PHYSICAL_WITH_SERVICE');
    await warehouseWith(t, [{ skuId: wardrobe.skuId, quantity: 5 }]);
    const placed = await place([{ skuId: wardrobe.skuId, quantity: 3 }]);
    expect(placed.userErrors).toEqual([]);
    const order = placed.orders![0]!;
    await payCheckout(t, placed.checkout!.paymentId, [order.id]);
    await vouchersOf(order.id, 3);
    await refunded(order.id, order.lines[0]!.id, 2);
    await waitFor(async () => (await statuses(order.id)).filter((s) => s === 'VOIDED').length === 2, { what: 'two installation vouchers voided' });
    expect(await statuses(order.id)).toEqual(['ISSUED', 'VOIDED', 'VOIDED']);
  });

  it('a service is booked for a day the customer chooses: not in the past, within the horizon; the line and its voucher carry the day', async () => {
    const service = await seeded('家具安装服务', 'SERVICE');
    const chinaDay = (days: number) => new Date(Date.now() + 8 * 3_600_000 + days * DAY_MS).toISOString().slice(0, 10);
    const past = await place([{ skuId: service.skuId, quantity: 1, serviceDate: chinaDay(-1) }]);
    expect(past.orders).toBeNull();
    expect(past.userErrors).toEqual([expect.objectContaining({ code: 'INVALID', field: ['input', 'lines', '0', 'serviceDate'] })]);
    const tooFar = await place([{ skuId: service.skuId, quantity: 1, serviceDate: chinaDay(181) }]);
    expect(tooFar.userErrors.map((e) => e.code)).toEqual(['INVALID']);
    const notADay = await place([{ skuId: service.skuId, quantity: 1, serviceDate: '2026-02-30' }]);
    expect(notADay.userErrors.map((e) => e.code)).toEqual(['INVALID']);

    const day = chinaDay(5);
    const placed = await place([{ skuId: service.skuId, quantity: 2, serviceDate: day }]);
    expect(placed.userErrors).toEqual([]);
    const order = placed.orders![0]!;
    const line = await t.gql<{ order: { lines: { serviceDate: string | null }[] } }>(
      'query($id: ID!) { order(id: $id) { lines { serviceDate } } }',
      { id: order.id },
      t.tokens.customer,
    );
    expect(line.data!.order.lines).toEqual([{ serviceDate: day }]);
    await t.gql('mutation($id: ID!) { sandboxPay(input: { paymentId: $id }) { userErrors { code } } }', { id: placed.checkout!.paymentId }, t.tokens.customer);
    expect((await vouchersOf(order.id, 2)).map((v) => v.serviceDate)).toEqual([day, day]);
  });
});
