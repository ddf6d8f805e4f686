import { sql } from 'drizzle-orm';
import { demoPlatformStaffId, demoShopStaffId, REDACTED, rowsOf, seedId } from '@zhongtai/kit';
import { testAdmin, testMerchant, waitFor } from '@zhongtai/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGraph, type GraphQLResponse, type TestGraph } from './support/graph.ts';
import { ADDRESS, buyableSkus, payCheckout, PLACE_ORDER } from './support/shopping.ts';

/**
 * Staff permissions and the audit log, through the gateway: each shop staff role gets what its
 * role grants and nothing else, every staff mutation lands in the append-only audit log with
 * personal data redacted, and a suspended member's token stops working within the staff cache
 * time (short here: STAFF_CACHE_TTL_MS = 300).
 */
const TTL_MS = 300;
let t: TestGraph;
const token: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestGraph({ config: { staffCacheTtlMs: TTL_MS } });
  const sign = (input: Parameters<typeof t.graph.tokens.sign>[0]) => t.graph.tokens.sign(input);
  for (const role of ['WAREHOUSE', 'FINANCE', 'CUSTOMER_SERVICE', 'OPERATIONS'] as const) token[role] = await sign(testMerchant(t.shopA, role));
  for (const role of ['AUDITOR', 'OPERATOR', 'CS_AGENT', 'FINANCE'] as const) token[`PLATFORM_${role}`] = await sign(testAdmin(role));
}, 120_000);
afterAll(async () => {
  await t?.stop();
});

const REFUND = `mutation($input: RefundOrderInput!) { refundOrder(input: $input) { refundId status userErrors { field code } } }`;
const OUTBOUND_ACTION = (name: string) =>
  `mutation($i: OutboundOrderActionInput!) { ${name}(input: $i) { outboundOrder { status } userErrors { code message } } }`;
const SHIP = `mutation($i: ShipOutboundOrderInput!) { shipOutboundOrder(input: $i) { outboundOrder { status } userErrors { code message } } }`;
const AUDIT = `query($filter: AuditEntryFilter, $first: Int, $after: String) { auditEntries(filter: $filter, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor }
  nodes { id staffId staffKind staffRole tokenRole shopId center operation input result codes at recordedAt } } }`;

type Entry = {
  id: string;
  staffId: string;
  staffKind: string;
  staffRole: string | null;
  tokenRole: string;
  shopId: string | null;
  center: string;
  operation: string;
  input: string;
  result: string;
  codes: string[];
  at: string;
  recordedAt: string;
};
type Audit = { auditEntries: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: Entry[] } };

function ok<T>(res: GraphQLResponse<T>): T {
  if (res.errors?.length) throw new Error(JSON.stringify(res.errors));
  return res.data!;
}

/** Entries as the shops center has them once the relay delivered every outbox row. */
async function auditEntries(filter: Record<string, unknown>, as = t.tokens.admin): Promise<Entry[]> {
  await t.graph.host!.bus!.relayNow();
  return ok(await t.gql<Audit>(AUDIT, { filter, first: 100 }, as)).auditEntries.nodes;
}

async function waitForEntries(filter: Record<string, unknown>, count: number): Promise<Entry[]> {
  return waitFor(
    async () => {
      const entries = await auditEntries(filter);
      return entries.length >= count && entries;
    },
    { what: `${count} audit entries for ${JSON.stringify(filter)}` },
  );
}

describe('shop staff permissions and the audit log', () => {
  let orderId: string;
  let lineId: string;
  let outboundId: string;

  beforeAll(async () => {
    const [sku] = await buyableSkus(t, t.shopA, 1);
    const placed = ok(
      await t.gql<{ placeOrder: { checkout: { paymentId: string }; orders: { id: string; lines: { id: string }[] }[] } }>(
        PLACE_ORDER,
        { input: { idempotencyKey: `staff-${Date.now()}`, lines: [{ skuId: sku!.id, quantity: 1 }], address: ADDRESS } },
        t.tokens.customer,
      ),
    ).placeOrder;
    orderId = placed.orders[0]!.id;
    lineId = placed.orders[0]!.lines[0]!.id;
    await payCheckout(t, placed.checkout.paymentId, [orderId]);
    outboundId = await waitFor(
      async () => {
        const res = await t.gql<{ outboundOrders: { nodes: { id: string }[] } }>(
          'query($o: ID!) { outboundOrders(first: 5, filter: { orderId: $o }) { nodes { id } } }',
          { o: orderId },
          t.tokens.admin,
        );
        return res.data?.outboundOrders.nodes[0]?.id;
      },
      { what: 'the outbound order' },
    );
  }, 120_000);

  const refund = (key: string, as: string) =>
    t.gql<{ refundOrder: { status: string | null; userErrors: unknown[] } }>(
      REFUND,
      { input: { orderId, idempotencyKey: key, reason: '破损 damaged', lines: [{ orderLineId: lineId, amount: { amount: '1.00', currencyCode: 'CNY' } }] } },
      as,
    );

  it('a WAREHOUSE member cannot refund: FORBIDDEN naming the permission', async () => {
    const res = await refund('wh-1', token.WAREHOUSE!);
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(res.errors?.[0]?.message).toContain('order:refund');
    expect(res.errors?.[0]?.message).toContain('WAREHOUSE');
  });

  it('a customer-service member changes the address; the audit entry keeps the operation but not the address', async () => {
    const address = { ...ADDRESS, receiver: '李雷', phone: '+86 139 1234 5678', detail: '文三路 200 号 5 幢' };
    const res = ok(
      await t.gql<{ changeOrderAddress: { userErrors: unknown[] } }>(
        'mutation($i: ChangeOrderAddressInput!) { changeOrderAddress(input: $i) { userErrors { field code message } } }',
        { i: { orderId, address, reason: '客户来电改地址 customer called' } },
        token.CUSTOMER_SERVICE,
      ),
    );
    expect(res.changeOrderAddress.userErrors).toEqual([]);
    const [entry] = await waitForEntries({ operation: 'changeOrderAddress', staffId: demoShopStaffId(1, 'CUSTOMER_SERVICE') }, 1);
    expect(entry).toMatchObject({
      center: 'orders',
      result: 'OK',
      staffRole: 'CUSTOMER_SERVICE',
      tokenRole: 'MERCHANT',
      staffKind: 'SHOP',
      shopId: t.shopA,
      codes: [],
    });
    const input = JSON.parse(entry!.input);
    expect(input.input.orderId).toBe(orderId);
    expect(input.input.reason).toBe('客户来电改地址 customer called');
    expect(input.input.address).toBe(REDACTED);
    for (const secret of ['1234 5678', '李雷', '文三路']) expect(entry!.input).not.toContain(secret);
  });

  it('a FINANCE member refunds; both attempts are in the audit log with who, when and the result', async () => {
    const before = Date.now();
    const res = ok(await refund('fin-1', token.FINANCE!));
    expect(res.refundOrder).toMatchObject({ status: 'SUCCEEDED', userErrors: [] });
    const entries = await waitForEntries({ operation: 'refundOrder', center: 'orders', shopId: t.shopA }, 2);
    const okEntry = entries.find((e) => e.result === 'OK')!;
    expect(okEntry).toMatchObject({ staffId: demoShopStaffId(1, 'FINANCE'), staffRole: 'FINANCE', tokenRole: 'MERCHANT', shopId: t.shopA, codes: [] });
    expect(Date.parse(okEntry.at)).toBeGreaterThanOrEqual(before - 1000);
    expect(JSON.parse(okEntry.input).input).toMatchObject({ orderId, idempotencyKey: 'fin-1' });
    const refused = entries.find((e) => e.result === 'ERROR')!;
    expect(refused).toMatchObject({ staffId: demoShopStaffId(1, 'WAREHOUSE'), staffRole: 'WAREHOUSE', codes: ['FORBIDDEN'] });
    // Newest first.
    expect(entries.indexOf(okEntry)).toBeLessThan(entries.indexOf(refused));
  });

  it('a FINANCE member cannot ship; the WAREHOUSE member picks, packs and ships', async () => {
    const i = { id: outboundId, carrierCode: 'SANDBOX', trackingNumber: `SB${outboundId.slice(-10)}` };
    const denied = await t.gql(SHIP, { i }, token.FINANCE);
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(denied.errors?.[0]?.message).toContain('shipment:ship');
    for (const step of ['pickOutboundOrder', 'packOutboundOrder']) {
      expect(
        ok(await t.gql<Record<string, { userErrors: unknown[] }>>(OUTBOUND_ACTION(step), { i: { id: outboundId } }, token.WAREHOUSE))[step]!.userErrors,
      ).toEqual([]);
    }
    const shipped = ok(await t.gql<{ shipOutboundOrder: { outboundOrder: { status: string }; userErrors: unknown[] } }>(SHIP, { i }, token.WAREHOUSE));
    expect(shipped.shipOutboundOrder).toMatchObject({ outboundOrder: { status: 'SHIPPED' }, userErrors: [] });
    const entries = await waitForEntries({ operation: 'shipOutboundOrder', center: 'inventory' }, 2);
    expect(entries.map((e) => [e.staffRole, e.result])).toEqual([
      ['WAREHOUSE', 'OK'],
      ['FINANCE', 'ERROR'],
    ]);
    expect(JSON.parse(entries[0]!.input).input).toMatchObject({ id: outboundId, carrierCode: 'SANDBOX' });
  });

  it('a refusal with userErrors is recorded with their codes', async () => {
    const res = ok(
      await t.gql<{ refundOrder: { userErrors: { code: string }[] } }>(
        REFUND,
        {
          input: {
            orderId,
            idempotencyKey: 'fin-2',
            reason: 'too much',
            lines: [{ orderLineId: lineId, amount: { amount: '99999.00', currencyCode: 'CNY' } }],
          },
        },
        token.FINANCE,
      ),
    );
    const codes = res.refundOrder.userErrors.map((e) => e.code);
    expect(codes.length).toBeGreaterThan(0);
    const [entry] = await waitForEntries({ operation: 'refundOrder', result: 'REFUSED' }, 1);
    expect(entry!.codes).toEqual(codes);
  });

  it('a merchant OWNER sees only their own shop; other roles and shops are refused', async () => {
    const own = await auditEntries({}, t.tokens.merchantA);
    expect(own.length).toBeGreaterThanOrEqual(5);
    expect(new Set(own.map((e) => e.shopId))).toEqual(new Set([t.shopA]));
    for (const entry of await auditEntries({}, t.tokens.merchantB)) expect(entry.shopId).toBe(t.shopB);
    const asked = await t.gql(AUDIT, { filter: { shopId: t.shopA } }, t.tokens.merchantB);
    expect(asked.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const warehouse = await t.gql(AUDIT, {}, token.WAREHOUSE);
    expect(warehouse.errors?.[0]?.message).toContain('audit:read');
  });

  it('the platform AUDITOR reads every shop, pages through it, and filters by time', async () => {
    const all = ok(await t.gql<Audit>(AUDIT, { first: 2 }, token.PLATFORM_AUDITOR)).auditEntries;
    expect(all.totalCount).toBeGreaterThanOrEqual(6);
    expect(all.pageInfo.hasNextPage).toBe(true);
    const next = ok(await t.gql<Audit>(AUDIT, { first: 2, after: all.pageInfo.endCursor }, token.PLATFORM_AUDITOR)).auditEntries;
    expect(next.nodes.map((n) => n.id)).not.toContain(all.nodes[0]!.id);
    const future = ok(await t.gql<Audit>(AUDIT, { filter: { from: new Date(Date.now() + 3_600_000).toISOString() } }, token.PLATFORM_AUDITOR)).auditEntries;
    expect(future.totalCount).toBe(0);
    const cs = await t.gql(AUDIT, {}, token.PLATFORM_CS_AGENT);
    expect(cs.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('cost prices are a sensitive field: warehouse and customer-service staff are refused it, OPERATIONS and FINANCE read it', async () => {
    const COST = `query($shop: ID!) { skus(first: 3, filter: { shopId: $shop }) { nodes { id code costPrice { amount } } } }`;
    for (const role of ['WAREHOUSE', 'CUSTOMER_SERVICE'] as const) {
      const res = await t.gql<{ skus: { nodes: { id: string; code: string; costPrice: unknown }[] } }>(COST, { shop: t.shopA }, token[role]);
      // The list still answers (costPrice is nullable); each cost is withheld with FORBIDDEN naming the permission.
      expect(res.data?.skus.nodes.length).toBe(3);
      expect(res.data?.skus.nodes.every((n) => n.costPrice === null)).toBe(true);
      expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN']);
      expect(res.errors?.[0]?.message).toContain('cost:read');
    }
    for (const role of ['OPERATIONS', 'FINANCE'] as const) {
      const res = ok(await t.gql<{ skus: { nodes: { costPrice: { amount: string } | null }[] } }>(COST, { shop: t.shopA }, token[role]));
      expect(res.skus.nodes.some((n) => n.costPrice !== null)).toBe(true);
    }
  });

  it('the database refuses UPDATE and DELETE on the audit log', async () => {
    const db = t.graph.host!.database.forCenter('shops');
    const refusal = async (statement: ReturnType<typeof sql>) => {
      const error = await db.execute(statement).then(
        () => null,
        (e: Error & { cause?: Error }) => e,
      );
      return error ? `${error.message} ${error.cause?.message ?? ''}` : 'accepted';
    };
    const count = async () => rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from shops.audit_entries`))[0]!.n;
    const before = await count();
    expect(before).toBeGreaterThan(0);
    expect(await refusal(sql`update shops.audit_entries set result = 'OK'`)).toMatch(/append-only: UPDATE refused/);
    expect(await refusal(sql`delete from shops.audit_entries`)).toMatch(/append-only: DELETE refused/);
    expect(await refusal(sql`truncate shops.audit_entries`)).toMatch(/append-only: TRUNCATE refused/);
    expect(await count()).toBe(before);
  });
});

describe('suspension and role changes take effect within the staff cache time', () => {
  const MY_SHOP = '{ myShop { id } }';

  it('an OWNER disables a member: their token stops working; re-enabled, it works again', async () => {
    const member = demoShopStaffId(1, 'OPERATIONS');
    expect(ok(await t.gql<{ myShop: { id: string } }>(MY_SHOP, {}, token.OPERATIONS)).myShop.id).toBe(t.shopA);
    const UPDATE = 'mutation($i: UpdateShopStaffInput!) { updateShopStaff(input: $i) { staff { status } userErrors { code } } }';
    expect(
      ok(await t.gql<{ updateShopStaff: { staff: { status: string } } }>(UPDATE, { i: { id: member, status: 'DISABLED' } }, t.tokens.merchantA)).updateShopStaff
        .staff.status,
    ).toBe('DISABLED');
    const refused = await waitFor(
      async () => {
        const res = await t.gql(MY_SHOP, {}, token.OPERATIONS);
        return res.errors?.[0]?.extensions?.code === 'UNAUTHENTICATED' && res;
      },
      { timeoutMs: TTL_MS * 10, intervalMs: 50, what: 'the disabled member refused' },
    );
    expect(refused.errors![0]!.message).toMatch(/suspended/);
    ok(await t.gql(UPDATE, { i: { id: member, status: 'ACTIVE' } }, t.tokens.merchantA));
    await waitFor(async () => !(await t.gql(MY_SHOP, {}, token.OPERATIONS)).errors, { timeoutMs: TTL_MS * 10, intervalMs: 50, what: 'the member back' });
  });

  it('a role change applies: a FINANCE member moved to WAREHOUSE can no longer refund', async () => {
    const member = demoShopStaffId(1, 'FINANCE');
    const UPDATE = 'mutation($i: UpdateShopStaffInput!) { updateShopStaff(input: $i) { staff { role } userErrors { code } } }';
    ok(await t.gql(UPDATE, { i: { id: member, role: 'WAREHOUSE' } }, t.tokens.merchantA));
    const probe = 'mutation { refundOrder(input: { orderId: "ord_none", idempotencyKey: "x", reason: "x", lines: [] }) { userErrors { code } } }';
    await waitFor(async () => (await t.gql(probe, {}, token.FINANCE)).errors?.[0]?.extensions?.code === 'FORBIDDEN', {
      timeoutMs: TTL_MS * 10,
      intervalMs: 50,
      what: 'the new role applied',
    });
    ok(await t.gql(UPDATE, { i: { id: member, role: 'FINANCE' } }, t.tokens.merchantA));
  });

  it('a SUPER_ADMIN suspends platform staff (their ADMIN token stops) and reactivates them; others may not', async () => {
    const agent = demoPlatformStaffId('CS_AGENT');
    const ACT = (name: string) => `mutation($i: PlatformStaffIdInput!) { ${name}(input: $i) { staff { id status } userErrors { field code } } }`;
    const byOperator = await t.gql(ACT('suspendPlatformStaff'), { i: { id: agent } }, token.PLATFORM_OPERATOR);
    expect(byOperator.errors?.[0]?.message).toContain('platform-staff:manage');
    const self = ok(
      await t.gql<{ suspendPlatformStaff: { userErrors: { code: string }[] } }>(
        ACT('suspendPlatformStaff'),
        { i: { id: demoPlatformStaffId('SUPER_ADMIN') } },
        t.tokens.admin,
      ),
    );
    expect(self.suspendPlatformStaff.userErrors).toEqual([{ field: ['input', 'id'], code: 'INVALID' }]);

    const ORDERS = '{ orders(first: 1) { totalCount } }';
    expect((await t.gql(ORDERS, {}, token.PLATFORM_CS_AGENT)).errors).toBeUndefined();
    expect(
      ok(await t.gql<{ suspendPlatformStaff: { staff: { status: string } } }>(ACT('suspendPlatformStaff'), { i: { id: agent } }, t.tokens.admin))
        .suspendPlatformStaff.staff.status,
    ).toBe('SUSPENDED');
    await waitFor(async () => (await t.gql(ORDERS, {}, token.PLATFORM_CS_AGENT)).errors?.[0]?.extensions?.code === 'UNAUTHENTICATED', {
      timeoutMs: TTL_MS * 10,
      intervalMs: 50,
      what: 'the suspended agent refused',
    });
    ok(await t.gql(ACT('reactivatePlatformStaff'), { i: { id: agent } }, t.tokens.admin));
    await waitFor(async () => !(await t.gql(ORDERS, {}, token.PLATFORM_CS_AGENT)).errors, { timeoutMs: TTL_MS * 10, intervalMs: 50, what: 'the agent back' });

    const created = ok(
      await t.gql<{ createPlatformStaff: { staff: { id: string; role: string } } }>(
        'mutation($i: CreatePlatformStaffInput!) { createPlatformStaff(input: $i) { staff { id role } userErrors { code } } }',
        { i: { name: '新审计 New Auditor', email: `auditor.${Date.now()}@platform.example`, role: 'AUDITOR' } },
        t.tokens.admin,
      ),
    ).createPlatformStaff.staff;
    expect(created.role).toBe('AUDITOR');
    const [entry] = await waitForEntries({ operation: 'createPlatformStaff', center: 'shops' }, 1);
    expect(JSON.parse(entry!.input).input).toMatchObject({ email: REDACTED, role: 'AUDITOR', name: REDACTED });
    expect(entry).toMatchObject({ staffKind: 'PLATFORM', staffRole: 'SUPER_ADMIN', tokenRole: 'ADMIN', result: 'OK' });
  });

  it("a token naming staff that does not exist, or another shop's staff, is refused", async () => {
    const ghost = await t.graph.tokens.sign({ role: 'MERCHANT', shopId: t.shopA, staffId: seedId('stf', 999_999) });
    expect((await t.gql(MY_SHOP, {}, ghost)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const impostor = await t.graph.tokens.sign({ role: 'MERCHANT', shopId: t.shopA, staffId: demoShopStaffId(2, 'OWNER') });
    expect((await t.gql(MY_SHOP, {}, impostor)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const noStaff = await t.graph.tokens.sign({ role: 'ADMIN' });
    expect((await t.gql(MY_SHOP, {}, noStaff)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
