import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MEMBER_ID } from '@zhongtai/kit';
import { waitFor } from '@zhongtai/kit/testing';
import { fileRequest, paidOrder } from './support/aftersales.ts';
import { postGraphQL, startTestGraph, type TestGraph } from './support/graph.ts';
import { orderRisk, setRule } from './support/risk.ts';
import { ADDRESS, buyableSkus, PLACE_ORDER, type BuyableSku } from './support/shopping.ts';

/**
 * 风控 beyond the checkout's own counters, through the gateway: the client's IP (from
 * X-Forwarded-For only behind a trusted proxy) and the coupon's template reach the ORDER
 * assessment, and after-sale requests are assessed (REFUND) when they are filed: DENY refuses
 * naming no rule, REVIEW files the request without its automatic approval.
 */
let t: TestGraph;
let skus: BuyableSku[];
const saved = {
  deadline: process.env.ORDER_RISK_DEADLINE_MS,
  proxies: process.env.GATEWAY_TRUSTED_PROXIES,
  autoApprove: process.env.AFTERSALE_AUTO_APPROVE_SECONDS,
};

type Placed = {
  placeOrder: {
    checkout: { id: string; paymentId: string | null } | null;
    orders: { id: string; status: string }[] | null;
    userErrors: { field: string[] | null; code: string; message: string }[];
  };
};

const addressNo = (n: number) => ({ ...ADDRESS, detail: `风控请求路 ${n} 号` });

/** Places one unit of `sku` as `token`, from behind a proxy that says the client is `forwardedFor`. */
async function place(
  key: string,
  options: { forwardedFor?: string; token?: string; address?: typeof ADDRESS; extra?: Record<string, unknown>; sku?: number } = {},
) {
  const headers: Record<string, string> = options.forwardedFor ? { 'x-forwarded-for': options.forwardedFor } : {};
  const res = await postGraphQL<Placed>(
    t.graph.url,
    PLACE_ORDER,
    { input: { idempotencyKey: key, lines: [{ skuId: skus[options.sku ?? 0]!.id, quantity: 1 }], address: options.address ?? addressNo(1), ...options.extra } },
    options.token ?? t.tokens.customer,
    headers,
  );
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.placeOrder;
}

async function assessmentsOf(subjectId: string) {
  const res = await t.gql<{ riskAssessments: { nodes: { kind: string; decision: string; inputs: string; firedRules: { kind: string; action: string }[] }[] } }>(
    'query($f: RiskAssessmentFilter) { riskAssessments(first: 10, filter: $f) { nodes { kind decision inputs firedRules { kind action } } } }',
    { f: { subjectId } },
    t.tokens.admin,
  );
  return res.data!.riskAssessments.nodes;
}

async function newCustomer(name: string, phone: string): Promise<string> {
  const joined = await t.gql<{ registerMember: { member: { id: string } } }>(
    'mutation($i: RegisterMemberInput!) { registerMember(input: $i) { member { id } userErrors { code } } }',
    { i: { name, phone } },
    t.tokens.admin,
  );
  const memberId = joined.data!.registerMember.member.id;
  return t.graph.tokens.sign({ role: 'CUSTOMER', memberId, subject: `customer:${phone}` });
}

beforeAll(async () => {
  // The verdicts, not the deadline, are under test (risk-down.test.ts shows the deadline).
  process.env.ORDER_RISK_DEADLINE_MS = '10000';
  t = await startTestGraph();
  skus = await buyableSkus(t, t.shopA, 4, 40);
});
afterAll(async () => {
  for (const [name, value] of [
    ['ORDER_RISK_DEADLINE_MS', saved.deadline],
    ['GATEWAY_TRUSTED_PROXIES', saved.proxies],
    ['AFTERSALE_AUTO_APPROVE_SECONDS', saved.autoApprove],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await t?.stop();
});

describe('the client IP and the coupon template reach the checkout assessment', () => {
  it('IP velocity fires on the client behind a trusted proxy, and a spoofed X-Forwarded-For from an untrusted peer is ignored', async () => {
    process.env.GATEWAY_TRUSTED_PROXIES = '127.0.0.1,::1';
    await setRule(t, 'VELOCITY_IP', { threshold: 2, windowSeconds: 60 }, 'two a minute per IP');
    // The proxy appends the client it saw; what the client claimed before it is not believed.
    const first = await place('ip-1', { forwardedFor: '10.9.9.9, 203.0.113.7' });
    const other = await place('ip-2', { forwardedFor: '198.51.100.9', address: addressNo(2) });
    const second = await place('ip-3', { forwardedFor: '203.0.113.7', address: addressNo(3) });
    expect([first, other, second].map((p) => p.orders![0]!.status)).toEqual(['PENDING_PAYMENT', 'PENDING_PAYMENT', 'ON_HOLD']);
    const risk = (await orderRisk(t, second.orders![0]!.id)).data!.order.riskAssessment!;
    expect(risk.firedRules).toEqual([{ kind: 'VELOCITY_IP', action: 'REVIEW', observed: '2', threshold: '2' }]);
    expect(JSON.parse((await assessmentsOf(first.checkout!.id))[0]!.inputs).ip).toBe('203.0.113.7');

    // Not behind a trusted proxy: the header is anyone's to send; the peer's own address counts.
    delete process.env.GATEWAY_TRUSTED_PROXIES;
    const spoofed = await place('ip-4', { forwardedFor: '192.0.2.77', address: addressNo(4) });
    expect(spoofed.orders![0]!.status).toBe('PENDING_PAYMENT');
    expect(JSON.parse((await assessmentsOf(spoofed.checkout!.id))[0]!.inputs).ip).toMatch(/^(127\.0\.0\.1|::1)$/);
    await setRule(t, 'VELOCITY_IP', { threshold: 1000 }, 'back to the default');
  });

  it('coupon farming: new members using one coupon template from one device trip the rule', async () => {
    await setRule(t, 'COUPON_FARMING', { threshold: 2, windowSeconds: 3600 }, 'two new members per device and template');
    const now = Date.now();
    const template = await t.gql<{ createCouponTemplate: { couponTemplate: { id: string } } }>(
      `mutation($input: CreateCouponTemplateInput!) { createCouponTemplate(input: $input) { couponTemplate { id } userErrors { field code message } } }`,
      {
        input: {
          name: `新人券 farming ${now}`,
          kind: 'THRESHOLD',
          amountOff: { amount: '0.01', currencyCode: 'CNY' },
          minSpend: { amount: '0.02', currencyCode: 'CNY' },
          scope: 'PLATFORM',
          claimableFrom: new Date(now - 60_000).toISOString(),
          claimableUntil: new Date(now + 86_400_000).toISOString(),
          validDays: 7,
          totalQuantity: 10,
        },
      },
      t.tokens.admin,
    );
    if (!template.data?.createCouponTemplate.couponTemplate) throw new Error(JSON.stringify(template));
    const templateId = template.data!.createCouponTemplate.couponTemplate.id;
    const statuses: string[] = [];
    for (let i = 1; i <= 2; i++) {
      const token = await newCustomer(`薅羊毛 ${i}`, `1391111${String(i).padStart(4, '0')}`);
      const claim = await t.gql<{ claimCoupon: { coupon: { code: string } } }>(
        'mutation($id: ID!) { claimCoupon(input: { templateId: $id }) { coupon { code } userErrors { field code message } } }',
        { id: templateId },
        token,
      );
      const placed = await place(`farm-${i}`, {
        token,
        address: addressNo(10 + i),
        sku: 1,
        extra: { couponCode: claim.data!.claimCoupon.coupon.code, deviceId: 'device-farm-1' },
      });
      expect(placed.userErrors).toEqual([]);
      statuses.push(placed.orders![0]!.status);
      const [assessment] = await assessmentsOf(placed.checkout!.id);
      expect(JSON.parse(assessment!.inputs).couponTemplateId).toBe(templateId);
      if (i === 2) expect(assessment!.firedRules).toEqual([{ kind: 'COUPON_FARMING', action: 'REVIEW' }]);
    }
    expect(statuses).toEqual(['PENDING_PAYMENT', 'ON_HOLD']);
    await setRule(t, 'COUPON_FARMING', { threshold: 10, windowSeconds: 86_400 }, 'back to the default');
  });
});

describe('after-sale requests are assessed when filed (REFUND)', () => {
  it('a blocklisted member cannot file: RISK_DENIED naming no rule, nothing filed', async () => {
    const order = await paidOrder(t, 'refund-denied', [{ skuId: skus[2]!.id, quantity: 1 }]);
    const added = await t.gql<{ addBlocklistEntry: { entry: { id: string } } }>(
      'mutation($i: AddBlocklistEntryInput!) { addBlocklistEntry(input: $i) { entry { id } userErrors { code message } } }',
      { i: { kind: 'MEMBER', value: DEMO_MEMBER_ID, reason: 'refund fraud' } },
      t.tokens.admin,
    );
    try {
      const res = await fileRequest(t, { orderId: order.id, orderLineId: order.lines[0]!.id, type: 'REFUND_ONLY', quantity: 1 });
      const payload = res.data!.fileAfterSaleRequest;
      expect(payload.request).toBeNull();
      expect(payload.userErrors).toEqual([{ field: null, code: 'RISK_DENIED', message: expect.any(String) }]);
      expect(payload.userErrors[0]!.message).not.toMatch(/block|member|rule|refund rate|黑名单/i);
      const mine = await t.gql<{ myAfterSaleRequests: { nodes: unknown[] } }>('{ myAfterSaleRequests(first: 10) { nodes { id } } }', {}, t.tokens.customer);
      expect(mine.data!.myAfterSaleRequests.nodes).toEqual([]);
      const denied = await t.gql<{ riskAssessments: { nodes: { kind: string; firedRules: { kind: string }[] }[] } }>(
        '{ riskAssessments(first: 5, filter: { decision: DENY }) { nodes { kind firedRules { kind } } } }',
        {},
        t.tokens.admin,
      );
      expect(denied.data!.riskAssessments.nodes).toEqual([{ kind: 'REFUND', firedRules: [{ kind: 'BLOCKLIST' }] }]);
    } finally {
      await t.gql(
        'mutation($i: RemoveBlocklistEntryInput!) { removeBlocklistEntry(input: $i) { userErrors { code } } }',
        {
          i: { entryId: added.data!.addBlocklistEntry.entry.id },
        },
        t.tokens.admin,
      );
    }
    // Off the list: the same request is filed.
    const again = await fileRequest(t, { orderId: order.id, orderLineId: order.lines[0]!.id, type: 'REFUND_ONLY', quantity: 1 });
    expect(again.data!.fileAfterSaleRequest.request?.status).toBe('PENDING');
  });

  it('a member over the refund rate is REVIEWED: filed, but not approved automatically; an ordinary request is', async () => {
    process.env.AFTERSALE_AUTO_APPROVE_SECONDS = '1';
    const ordinary = await paidOrder(t, 'refund-ordinary', [{ skuId: skus[2]!.id, quantity: 1 }]);
    const normal = await fileRequest(t, { orderId: ordinary.id, orderLineId: ordinary.lines[0]!.id, type: 'REFUND_ONLY', quantity: 1 });
    const normalId = normal.data!.fileAfterSaleRequest.request!.id;
    expect((await assessmentsOf(normalId))[0]).toMatchObject({ kind: 'REFUND', decision: 'ALLOW' });

    // The demo customer has asked for refunds on 2 of their orders so far (the one above included).
    await setRule(t, 'REFUND_RATE', { threshold: 1, minOrders: 1, windowSeconds: 3600 }, 'any refund is reviewed');
    const order = await paidOrder(t, 'refund-review', [{ skuId: skus[2]!.id, quantity: 1 }]);
    const res = await fileRequest(t, { orderId: order.id, orderLineId: order.lines[0]!.id, type: 'REFUND_ONLY', quantity: 1 });
    const reviewed = res.data!.fileAfterSaleRequest.request!;
    expect(reviewed.status).toBe('PENDING');
    // Never approved automatically, so it shows no deadline; the ordinary one does.
    expect(reviewed.autoApproveAt).toBeNull();
    expect(normal.data!.fileAfterSaleRequest.request!.autoApproveAt).not.toBeNull();
    const [assessment] = await assessmentsOf(reviewed.id);
    expect(assessment).toMatchObject({ kind: 'REFUND', decision: 'REVIEW', firedRules: [{ kind: 'REFUND_RATE', action: 'REVIEW' }] });
    expect(JSON.parse(assessment!.inputs)).toMatchObject({ kind: 'REFUND', memberId: DEMO_MEMBER_ID, amount: { amount: order.lines[0]!.finalAmount.amount } });

    const statusOf = async (id: string) =>
      (await t.gql<{ afterSaleRequest: { status: string } }>('query($id: ID!) { afterSaleRequest(id: $id) { status } }', { id }, t.tokens.admin)).data!
        .afterSaleRequest.status;
    // The ordinary request is approved automatically after its second; the reviewed one waits for a person.
    const deadline = Date.now() + 30_000;
    while ((await statusOf(normalId)) === 'PENDING' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 300));
    expect(await statusOf(normalId)).not.toBe('PENDING');
    expect(await statusOf(reviewed.id)).toBe('PENDING');
    await setRule(t, 'REFUND_RATE', { threshold: 80, minOrders: 10, windowSeconds: 30 * 86_400 }, 'back to the default');
  });
});

describe('payments opened later are assessed (PAYMENT)', () => {
  it('a presale balance for a member blocklisted since the deposit opens no payment; the verdict names no rule to them', async () => {
    const presale = skus[3]!;
    const opens = Date.now() + 8_000;
    const plan = await t.gql<{ createPresalePlan: { userErrors: unknown[] } }>(
      'mutation($input: CreatePresalePlanInput!) { createPresalePlan(input: $input) { presalePlan { id } userErrors { field code message } } }',
      {
        input: {
          skuId: presale.id,
          depositPerUnit: { amount: '1.00', currencyCode: 'CNY' },
          balanceStartsAt: new Date(opens).toISOString(),
          balanceEndsAt: new Date(opens + 60_000).toISOString(),
        },
      },
      t.tokens.merchantA,
    );
    expect(plan.data!.createPresalePlan.userErrors).toEqual([]);
    const placed = await place('presale-blocked', { sku: 3, address: addressNo(30) });
    expect(placed.userErrors).toEqual([]);
    const orderId = placed.orders![0]!.id;
    const paid = await t.gql(
      'mutation($id: ID!) { sandboxPay(input: { paymentId: $id }) { userErrors { code } } }',
      { id: placed.checkout!.paymentId },
      t.tokens.customer,
    );
    expect(paid.errors).toBeUndefined();
    const PRESALE = 'query($id: ID!) { order(id: $id) { status depositPaidAt balancePaymentId } }';
    type Presale = { order: { status: string; depositPaidAt: string | null; balancePaymentId: string | null } };
    await waitFor(async () => (await t.gql<Presale>(PRESALE, { id: orderId }, t.tokens.customer)).data!.order.depositPaidAt, { what: 'deposit paid' });

    const added = await t.gql<{ addBlocklistEntry: { entry: { id: string } } }>(
      'mutation($i: AddBlocklistEntryInput!) { addBlocklistEntry(input: $i) { entry { id } userErrors { code message } } }',
      { i: { kind: 'MEMBER', value: DEMO_MEMBER_ID, reason: 'chargebacks' } },
      t.tokens.admin,
    );
    try {
      const denied = await waitFor(
        async () =>
          (
            await t.gql<{ riskAssessments: { nodes: { kind: string; inputs: string; firedRules: { kind: string }[] }[] } }>(
              '{ riskAssessments(first: 20, filter: { decision: DENY }) { nodes { kind inputs firedRules { kind } } } }',
              {},
              t.tokens.admin,
            )
          ).data!.riskAssessments.nodes.find((a) => a.kind === 'PAYMENT'),
        { what: 'the PAYMENT verdict when the balance window opens', timeoutMs: 40_000 },
      );
      expect(denied.firedRules).toEqual([{ kind: 'BLOCKLIST' }]);
      // The payment center was given where the order goes, for the blocklist.
      expect(JSON.parse(denied.inputs)).toMatchObject({ kind: 'PAYMENT', memberId: DEMO_MEMBER_ID, address: { detail: addressNo(30).detail } });
      await new Promise((r) => setTimeout(r, 1_000));
      const order = (await t.gql<Presale>(PRESALE, { id: orderId }, t.tokens.customer)).data!.order;
      expect(order).toMatchObject({ status: 'PENDING_PAYMENT', balancePaymentId: null });
    } finally {
      await t.gql(
        'mutation($i: RemoveBlocklistEntryInput!) { removeBlocklistEntry(input: $i) { userErrors { code } } }',
        { i: { entryId: added.data!.addBlocklistEntry.entry.id } },
        t.tokens.admin,
      );
    }
  });
});

describe('a presale balance sent to review (PAYMENT REVIEW) waits ON_HOLD for an operator', () => {
  it("held in the operators' queue with its verdict; released, its balance opens and is paid; another, cancelled, keeps its deposit like any unpaid balance", async () => {
    const presale = skus[3]!;
    const opens = Date.now() + 12_000;
    const plan = await t.gql<{ createPresalePlan: { userErrors: unknown[] } }>(
      'mutation($input: CreatePresalePlanInput!) { createPresalePlan(input: $input) { presalePlan { id } userErrors { field code message } } }',
      {
        input: {
          skuId: presale.id,
          depositPerUnit: { amount: '1.00', currencyCode: 'CNY' },
          balanceStartsAt: new Date(opens).toISOString(),
          balanceEndsAt: new Date(opens + 120_000).toISOString(),
        },
      },
      t.tokens.merchantA,
    );
    expect(plan.data!.createPresalePlan.userErrors).toEqual([]);
    // A member of its own, so that the blocklist below touches no other test's orders.
    const token = await newCustomer('预售复核', '13900007731');
    const memberId = (await t.gql<{ me: { id: string } }>('{ me { id } }', {}, token)).data?.me?.id;
    const ORDER = 'query($id: ID!) { order(id: $id) { status depositPaidAt balancePaymentId statusHistory { to reason } } }';
    type Presale = {
      order: { status: string; depositPaidAt: string | null; balancePaymentId: string | null; statusHistory: { to: string; reason: string | null }[] };
    };
    const orderOf = async (id: string) => (await t.gql<Presale>(ORDER, { id }, t.tokens.admin)).data!.order;
    const sandboxPay = (paymentId: string) =>
      t.gql<{ sandboxPay: { userErrors: unknown[] } }>(
        'mutation($id: ID!) { sandboxPay(input: { paymentId: $id }) { userErrors { code } } }',
        { id: paymentId },
        token,
      );

    const ids: string[] = [];
    for (const key of ['presale-review-release', 'presale-review-cancel']) {
      const placed = await place(key, { sku: 3, address: addressNo(31), token });
      expect(placed.userErrors).toEqual([]);
      expect((await sandboxPay(placed.checkout!.paymentId!)).errors).toBeUndefined();
      ids.push(placed.orders![0]!.id);
    }
    for (const id of ids) await waitFor(async () => (await orderOf(id)).depositPaidAt, { what: 'deposit paid' });
    expect(Date.now()).toBeLessThan(opens);

    // The operator reviews payments of members on the list instead of refusing them.
    await setRule(t, 'BLOCKLIST', { action: 'REVIEW' }, 'review listed members');
    const added = await t.gql<{ addBlocklistEntry: { entry: { id: string } } }>(
      'mutation($i: AddBlocklistEntryInput!) { addBlocklistEntry(input: $i) { entry { id } userErrors { code message } } }',
      { i: { kind: 'MEMBER', value: memberId, reason: 'chargeback dispute' } },
      t.tokens.admin,
    );
    try {
      for (const id of ids) await waitFor(async () => (await orderOf(id)).status === 'ON_HOLD', { what: `balance of ${id} held`, timeoutMs: 40_000 });
      const held = await orderOf(ids[0]!);
      expect(held.balancePaymentId).toBeNull();
      expect(held.statusHistory.at(-1)).toMatchObject({ to: 'ON_HOLD', reason: expect.stringMatching(/risk review \(PAYMENT\)/) });
      // The same queue as held checkouts, and the PAYMENT verdict behind them.
      const queue = await t.gql<{
        orders: { nodes: { id: string }[] };
        riskAssessments: { nodes: { kind: string; decision: string; firedRules: { kind: string }[] }[] };
      }>(
        'query($m: ID) { orders(first: 50, filter: { status: ON_HOLD }) { nodes { id } } riskAssessments(first: 10, filter: { decision: REVIEW, memberId: $m }) { nodes { kind decision firedRules { kind } } } }',
        { m: memberId },
        t.tokens.admin,
      );
      expect(queue.data!.orders.nodes.map((o) => o.id)).toEqual(expect.arrayContaining(ids));
      expect(queue.data!.riskAssessments.nodes).toEqual([
        { kind: 'PAYMENT', decision: 'REVIEW', firedRules: [{ kind: 'BLOCKLIST' }] },
        { kind: 'PAYMENT', decision: 'REVIEW', firedRules: [{ kind: 'BLOCKLIST' }] },
      ]);
    } finally {
      await t.gql(
        'mutation($i: RemoveBlocklistEntryInput!) { removeBlocklistEntry(input: $i) { userErrors { code } } }',
        { i: { entryId: added.data!.addBlocklistEntry.entry.id } },
        t.tokens.admin,
      );
      await setRule(t, 'BLOCKLIST', { action: 'DENY' }, 'back to the default');
    }

    const DECIDE = 'mutation($i: HeldOrderDecisionInput!) { %s(input: $i) { order { status balancePaymentId } userErrors { code message } } }';
    type Decided = Record<string, { order: { status: string; balancePaymentId: string | null } | null; userErrors: unknown[] }>;
    const released = (await t.gql<Decided>(DECIDE.replace('%s', 'releaseHeldOrder'), { i: { orderId: ids[0], reason: 'dispute settled' } }, t.tokens.admin))
      .data!.releaseHeldOrder!;
    expect(released).toEqual({ order: { status: 'PENDING_PAYMENT', balancePaymentId: expect.stringMatching(/^pay_/) }, userErrors: [] });
    expect((await sandboxPay(released.order!.balancePaymentId!)).data!.sandboxPay.userErrors).toEqual([]);
    await waitFor(async () => (await orderOf(ids[0]!)).status === 'PAID', { what: 'balance paid' });

    const cancelled = (await t.gql<Decided>(DECIDE.replace('%s', 'cancelHeldOrder'), { i: { orderId: ids[1], reason: 'fraud confirmed' } }, t.tokens.admin))
      .data!.cancelHeldOrder!;
    expect(cancelled).toEqual({ order: { status: 'CANCELLED', balancePaymentId: null }, userErrors: [] });
    // Like an unpaid balance cancelled today: the deposit is kept (定金不退), nothing is refunded.
    const refunds = await t.gql<{ order: { refunds: unknown[] } }>('query($id: ID!) { order(id: $id) { refunds { id } } }', { id: ids[1] }, t.tokens.admin);
    expect(refunds.data?.order.refunds ?? []).toEqual([]);
  });

  it('a held balance nobody decides closes when its balance window ends (before the review window), keeping its deposit', async () => {
    const opens = Date.now() + 10_000;
    const plan = await t.gql<{ createPresalePlan: { userErrors: unknown[] } }>(
      'mutation($input: CreatePresalePlanInput!) { createPresalePlan(input: $input) { presalePlan { id } userErrors { field code message } } }',
      {
        input: {
          skuId: skus[3]!.id,
          depositPerUnit: { amount: '1.00', currencyCode: 'CNY' },
          balanceStartsAt: new Date(opens).toISOString(),
          balanceEndsAt: new Date(opens + 6_000).toISOString(),
        },
      },
      t.tokens.merchantA,
    );
    expect(plan.data!.createPresalePlan.userErrors).toEqual([]);
    const token = await newCustomer('预售无人复核', '13900007732');
    const memberId = (await t.gql<{ me: { id: string } }>('{ me { id } }', {}, token)).data?.me?.id;
    const placed = await place('presale-review-unreviewed', { sku: 3, address: addressNo(32), token });
    expect(placed.userErrors).toEqual([]);
    await t.gql('mutation($id: ID!) { sandboxPay(input: { paymentId: $id }) { userErrors { code } } }', { id: placed.checkout!.paymentId }, token);
    const orderId = placed.orders![0]!.id;
    const ORDER = 'query($id: ID!) { order(id: $id) { status depositPaidAt statusHistory { to reason } } }';
    type Presale = { order: { status: string; depositPaidAt: string | null; statusHistory: { to: string; reason: string | null }[] } };
    const orderOf = async () => (await t.gql<Presale>(ORDER, { id: orderId }, t.tokens.admin)).data!.order;
    await waitFor(async () => (await orderOf()).depositPaidAt, { what: 'deposit paid' });

    await setRule(t, 'BLOCKLIST', { action: 'REVIEW' }, 'review listed members');
    const added = await t.gql<{ addBlocklistEntry: { entry: { id: string } } }>(
      'mutation($i: AddBlocklistEntryInput!) { addBlocklistEntry(input: $i) { entry { id } userErrors { code message } } }',
      { i: { kind: 'MEMBER', value: memberId, reason: 'chargeback dispute' } },
      t.tokens.admin,
    );
    try {
      await waitFor(async () => (await orderOf()).status === 'ON_HOLD', { what: 'balance held', timeoutMs: 40_000 });
    } finally {
      await t.gql(
        'mutation($i: RemoveBlocklistEntryInput!) { removeBlocklistEntry(input: $i) { userErrors { code } } }',
        { i: { entryId: added.data!.addBlocklistEntry.entry.id } },
        t.tokens.admin,
      );
      await setRule(t, 'BLOCKLIST', { action: 'DENY' }, 'back to the default');
    }
    // The review window is 3 days; the stock is reserved only until the balance window ends, so it closes then.
    await waitFor(async () => (await orderOf()).status === 'CLOSED', { what: 'held balance closed at the window end', timeoutMs: 40_000 });
    expect((await orderOf()).statusHistory.at(-1)).toEqual({ to: 'CLOSED', reason: 'not reviewed in time' });
    const refunds = await t.gql<{ order: { refunds: unknown[] } }>('query($id: ID!) { order(id: $id) { refunds { id } } }', { id: orderId }, t.tokens.admin);
    expect(refunds.data?.order.refunds ?? []).toEqual([]);
  });
});
