import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  valueFromASTUntyped,
  type ConstDirectiveNode,
  type GraphQLArgument,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoMemberId, demoPlatformStaffId, DEMO_MEMBER_ID, isScopedByFields, resolvableEntityTypes, type CenterRuntime } from '@zhongtai/kit';
import { TEST_SERVICE } from '@zhongtai/kit/testing';
import { startTestGraph, type TestGraph } from './support/graph.ts';
import { ADDRESS, buyableSkus, payCheckout, PLACE_ORDER, shipOrder } from './support/shopping.ts';
import { completedOrders, createReview } from './support/reviews.ts';

/**
 * Generated cross-tenant test. Shop A and member A own rows; MERCHANT of shop B, CUSTOMER member B
 * and ANALYST (writes) attack them:
 *  (a) `_entities` straight at every subgraph, for every resolvable entity type (`@key`) of every
 *      subgraph, with ids of A's rows;
 *  (b) every root Query field of the public API through the gateway, aimed at A's rows and walked
 *      from the attacker's own rows (nested paths such as Checkout.orders);
 *  (c) every Mutation of every subgraph whose input names an id: A's rows must not change.
 * Nothing here names a field or type by hand except the fixtures below: a new entity type without
 * a fixture fails the test, naming it.
 */

type Role = 'merchantB' | 'customerB' | 'analyst';

interface Fixture {
  /** A row merchant B must not read (shop A's, or a member who never bought from shop B). */
  hiddenFromMerchantB?: (s: Setup) => string | undefined;
  /** A row customer B (another member) must not read. */
  hiddenFromCustomerB?: (s: Setup) => string | undefined;
  /** The attacker's own rows: nested paths from them must not lead to A's rows. */
  ownOfMerchantB?: (s: Setup) => string | undefined;
  /** The entity itself is public (a shop's profile, a carrier): only its fields are checked. */
  open?: boolean;
}

interface Setup {
  shopA: string;
  shopB: string;
  memberA: string;
  memberB: string;
  /** Checkout of member A with one order in shop A and one in shop B. */
  mixedCheckout: string;
  orderA: string;
  orderB: string;
  /** Checkout of member A with shop A only, and its payment. */
  checkoutAOnly: string;
  paymentAOnly: string;
  refundA: string;
  /** Member A's after-sale request on shop A's order. */
  afterSaleA: string;
  /** Member A's service ticket about shop A's order. */
  ticketA: string;
  draftSpuA: string;
  draftSkuA: string;
  warehouseA: string;
  stockLevelA: string;
  freightTemplateA: string;
  supplierA: string;
  staffA: string;
  noticeA: string;
  shipmentA: string;
  carrier: string;
  loneMember: string;
  /** Member A's review of a completed shop-A order, held for moderation (not public). */
  reviewA: string;
  /** Shop A's payable account, a statement and its payout (finance). */
  payableAccountA: string;
  statementA: string;
  payoutA: string;
  /** Ids of A's rows that no entity type names, for the mutation samples (A's category/brand are the platform's). */
  extra: Record<string, string | undefined>;
}

/** How to find a sample row of each entity type. Adding an entity type means adding a line here. */
const FIXTURES: Record<string, Fixture> = {
  Shop: { open: true, hiddenFromMerchantB: (s) => s.shopA, hiddenFromCustomerB: (s) => s.shopA, ownOfMerchantB: (s) => s.shopB },
  ShopStaff: { hiddenFromMerchantB: (s) => s.staffA, hiddenFromCustomerB: (s) => s.staffA },
  Spu: { hiddenFromMerchantB: (s) => s.draftSpuA, hiddenFromCustomerB: (s) => s.draftSpuA },
  Sku: { hiddenFromMerchantB: (s) => s.draftSkuA, hiddenFromCustomerB: (s) => s.draftSkuA },
  Warehouse: { hiddenFromMerchantB: (s) => s.warehouseA, hiddenFromCustomerB: (s) => s.warehouseA },
  StockLevel: { hiddenFromMerchantB: (s) => s.stockLevelA, hiddenFromCustomerB: (s) => s.stockLevelA },
  FreightTemplate: { hiddenFromMerchantB: (s) => s.freightTemplateA, hiddenFromCustomerB: (s) => s.freightTemplateA },
  Carrier: { open: true, hiddenFromMerchantB: (s) => s.carrier, hiddenFromCustomerB: (s) => s.carrier },
  ShippingNotice: { hiddenFromMerchantB: (s) => s.noticeA, hiddenFromCustomerB: (s) => s.noticeA },
  Shipment: { hiddenFromMerchantB: (s) => s.shipmentA, hiddenFromCustomerB: (s) => s.shipmentA },
  CarrierBill: { hiddenFromMerchantB: (s) => s.extra.carrierBill!, hiddenFromCustomerB: (s) => s.extra.carrierBill! },
  Supplier: { hiddenFromMerchantB: (s) => s.supplierA, hiddenFromCustomerB: (s) => s.supplierA },
  Member: { hiddenFromMerchantB: (s) => s.loneMember, hiddenFromCustomerB: (s) => s.memberA },
  Checkout: { hiddenFromMerchantB: (s) => s.checkoutAOnly, hiddenFromCustomerB: (s) => s.mixedCheckout, ownOfMerchantB: (s) => s.mixedCheckout },
  Order: { hiddenFromMerchantB: (s) => s.orderA, hiddenFromCustomerB: (s) => s.orderA, ownOfMerchantB: (s) => s.orderB },
  Payment: { hiddenFromMerchantB: (s) => s.paymentAOnly, hiddenFromCustomerB: (s) => s.paymentAOnly },
  Refund: { hiddenFromMerchantB: (s) => s.refundA, hiddenFromCustomerB: (s) => s.refundA },
  AfterSaleRequest: { hiddenFromMerchantB: (s) => s.afterSaleA, hiddenFromCustomerB: (s) => s.afterSaleA },
  ServiceTicket: { hiddenFromMerchantB: (s) => s.ticketA, hiddenFromCustomerB: (s) => s.ticketA },
  Review: { hiddenFromMerchantB: (s) => s.reviewA, hiddenFromCustomerB: (s) => s.reviewA },
  LedgerAccount: { hiddenFromMerchantB: (s) => s.payableAccountA, hiddenFromCustomerB: (s) => s.payableAccountA },
  SettlementStatement: { hiddenFromMerchantB: (s) => s.statementA, hiddenFromCustomerB: (s) => s.statementA },
  Payout: { hiddenFromMerchantB: (s) => s.payoutA, hiddenFromCustomerB: (s) => s.payoutA },
  PurchaseOrder: { hiddenFromMerchantB: (s) => s.extra.purchaseOrder!, hiddenFromCustomerB: (s) => s.extra.purchaseOrder! },
  ReplenishmentSuggestion: { hiddenFromMerchantB: (s) => s.extra.suggestion!, hiddenFromCustomerB: (s) => s.extra.suggestion! },
  // Member A's coupon (a platform template's: no shop reaches it); marketing resolves it, orders adds its checkout and orders.
  Coupon: { hiddenFromMerchantB: (s) => s.extra.couponA, hiddenFromCustomerB: (s) => s.extra.couponA },
};

let t: TestGraph;
let s: Setup;
let tokens: Record<Role, string>;
let apiSchema: GraphQLSchema;

const ADMIN_QUERY = async <T>(query: string, variables?: Record<string, unknown>): Promise<T> => {
  const res = await t.gql<T>(query, variables, t.tokens.admin);
  if (res.errors) throw new Error(`${query}: ${JSON.stringify(res.errors)}`);
  return res.data!;
};

async function placeOrder(token: string, skus: { id: string }[], key: string) {
  const res = await t.gql<{
    placeOrder: { checkout: { id: string; paymentId: string }; orders: { id: string; shop: { id: string }; lines: { id: string }[] }[]; userErrors: unknown[] };
  }>(PLACE_ORDER, { input: { idempotencyKey: key, address: ADDRESS, lines: skus.map((k) => ({ skuId: k.id, quantity: 1 })) } }, token);
  if (res.errors || res.data!.placeOrder.userErrors.length) throw new Error(JSON.stringify(res.errors ?? res.data!.placeOrder.userErrors));
  return res.data!.placeOrder;
}

beforeAll(async () => {
  t = await startTestGraph();
  const shopA = t.shopA;
  const shopB = t.shopB;
  const memberB = demoMemberId(2);
  tokens = {
    merchantB: t.tokens.merchantB,
    customerB: await t.graph.tokens.sign({ role: 'CUSTOMER', memberId: memberB, subject: 'customer:b' }),
    analyst: t.tokens.analyst,
  };
  apiSchema = buildSchema(readFileSync(new URL('../schema/api.graphql', import.meta.url), 'utf8'));

  const [skuA] = await buyableSkus(t, shopA, 1);
  const [skuB] = await buyableSkus(t, shopB, 1);
  const mixed = await placeOrder(t.tokens.customer, [skuA!, skuB!], 'cross-tenant-mixed');
  const orderA = mixed.orders.find((o) => o.shop.id === shopA)!;
  const orderB = mixed.orders.find((o) => o.shop.id === shopB)!;
  await payCheckout(t, mixed.checkout.paymentId, [orderA.id, orderB.id]);
  const aOnly = await placeOrder(t.tokens.customer, [skuA!], 'cross-tenant-a-only');
  await shipOrder(t, orderA.id);

  const refund = await ADMIN_QUERY<{ refundOrder: { refundId: string } }>(
    'mutation($input: RefundOrderInput!) { refundOrder(input: $input) { refundId userErrors { code } } }',
    {
      input: {
        orderId: orderA.id,
        idempotencyKey: 'cross-tenant-refund',
        reason: 'cross-tenant fixture',
        lines: [{ orderLineId: orderA.lines[0]!.id, amount: { amount: '0.01', currencyCode: 'CNY' } }],
      },
    },
  );
  const afterSale = await t.gql<{ fileAfterSaleRequest: { request: { id: string } } }>(
    'mutation($input: FileAfterSaleRequestInput!) { fileAfterSaleRequest(input: $input) { request { id } userErrors { code } } }',
    { input: { orderId: orderA.id, orderLineId: orderA.lines[0]!.id, type: 'REFUND_ONLY', quantity: 1, reasonCode: 'NOT_RECEIVED' } },
    t.tokens.customer,
  );
  const ticket = await t.gql<{ openServiceTicket: { ticket: { id: string } } }>(
    'mutation($input: OpenServiceTicketInput!) { openServiceTicket(input: $input) { ticket { id } userErrors { code } } }',
    { input: { subject: 'cross-tenant', category: 'ORDER', body: 'fixture', orderId: orderA.id } },
    t.tokens.customer,
  );
  const drafts = await ADMIN_QUERY<{ spus: { nodes: { id: string; skus: { id: string }[] }[] } }>(
    'query($shop: ID!) { spus(first: 100, filter: { shopId: $shop, status: DRAFT }) { nodes { id skus { id } } } }',
    { shop: shopA },
  );
  const draft = drafts.spus.nodes.find((n) => n.skus.length > 0);
  const warehouses = await ADMIN_QUERY<{ warehouses: { nodes: { id: string }[] } }>(
    'query($shop: ID!) { warehouses(first: 5, filter: { shopId: $shop }) { nodes { id } } }',
    { shop: shopA },
  );
  const levels = await ADMIN_QUERY<{ stockLevels: { nodes: { id: string }[] } }>(
    'query($shop: ID!) { stockLevels(first: 5, filter: { shopId: $shop }) { nodes { id } } }',
    { shop: shopA },
  );
  const templates = await ADMIN_QUERY<{ freightTemplates: { nodes: { id: string }[] } }>(
    'query($shop: ID!) { freightTemplates(first: 5, filter: { shopId: $shop }) { nodes { id } } }',
    { shop: shopA },
  );
  const suppliers = await ADMIN_QUERY<{ suppliers: { nodes: { id: string }[] } }>('query($shop: ID!) { suppliers(first: 5, shopId: $shop) { nodes { id } } }', {
    shop: shopA,
  }).catch(() =>
    ADMIN_QUERY<{ suppliers: { nodes: { id: string }[] } }>('query($shop: ID!) { suppliers(first: 5, filter: { shopId: $shop }) { nodes { id } } }', {
      shop: shopA,
    }),
  );
  const staff = await ADMIN_QUERY<{ shop: { staff: { nodes: { id: string }[] } } }>('query($id: ID!) { shop(id: $id) { staff(first: 5) { nodes { id } } } }', {
    id: shopA,
  });
  const delivery = await ADMIN_QUERY<{ order: { shippingNotices: { id: string }[]; shipments: { id: string }[] } }>(
    'query($id: ID!) { order(id: $id) { shippingNotices { id } shipments { id } } }',
    { id: orderA.id },
  );
  const carriers = await ADMIN_QUERY<{ carriers: { id: string }[] }>('{ carriers { id } }');
  const lone = await ADMIN_QUERY<{ registerMember: { member: { id: string } } }>(
    'mutation { registerMember(input: { name: "独行 Lone", phone: "13900009999" }) { member { id } userErrors { code } } }',
  );
  const [reviewed] = await completedOrders(t, 'cross-tenant-review', [skuA!.id]);
  const heldReview = await createReview(t, { orderId: reviewed!.id, orderLineId: reviewed!.lines[0]!.id, rating: 3, text: '跨店评价 加微信 聊' });
  const reviewCase = await ADMIN_QUERY<{ moderationCases: { nodes: { id: string }[] } }>(
    'query($shop: ID!) { moderationCases(first: 1, filter: { shopId: $shop }) { nodes { id } } }',
    { shop: shopA },
  );
  // Finance: an operator credits shop A 1.00 of commission back (an adjusting entry), settles it and pays it out.
  await ADMIN_QUERY('mutation($input: PostAdjustingEntryInput!) { postAdjustingEntry(input: $input) { entry { id } userErrors { code message } } }', {
    input: {
      reason: 'cross-tenant fixture: commission given back',
      idempotencyKey: 'cross-tenant-credit',
      postings: [
        { account: 'COMMISSION_REVENUE', debit: { amount: '1.00', currencyCode: 'CNY' } },
        { account: 'MERCHANT_PAYABLE', shopId: shopA, credit: { amount: '1.00', currencyCode: 'CNY' } },
      ],
    },
  });
  const statement = await ADMIN_QUERY<{ generateSettlementStatement: { statement: { id: string } } }>(
    'mutation($input: GenerateSettlementStatementInput!) { generateSettlementStatement(input: $input) { statement { id } userErrors { code message } } }',
    { input: { shopId: shopA, currencyCode: 'CNY', period: 'DAILY', periodEnd: new Date().toISOString() } },
  );
  const confirmed = await ADMIN_QUERY<{ confirmSettlementStatement: { statement: { payout: { id: string } } } }>(
    'mutation($input: ConfirmSettlementStatementInput!) { confirmSettlementStatement(input: $input) { statement { payout { id } } userErrors { code message } } }',
    { input: { id: statement.generateSettlementStatement.statement.id } },
  );
  const billA = await ADMIN_QUERY<{ importCarrierBill: { carrierBill: { id: string } } }>(
    'mutation($input: ImportCarrierBillInput!) { importCarrierBill(input: $input) { carrierBill { id } userErrors { code message } } }',
    { input: { carrierCode: 'SANDBOX', billNumber: `XT-A-${Date.now()}`, shopId: shopA, csv: 'waybill,weight_grams,cost\nXT0000000001,100,1.00' } },
  );
  const payableAccount = await ADMIN_QUERY<{ ledgerAccounts: { nodes: { id: string }[] } }>(
    'query($shop: ID!) { ledgerAccounts(first: 1, filter: { shopId: $shop, code: MERCHANT_PAYABLE }) { nodes { id } } }',
    { shop: shopA },
  );

  s = {
    shopA,
    shopB,
    memberA: DEMO_MEMBER_ID,
    memberB,
    mixedCheckout: mixed.checkout.id,
    orderA: orderA.id,
    orderB: orderB.id,
    checkoutAOnly: aOnly.checkout.id,
    paymentAOnly: aOnly.checkout.paymentId,
    refundA: refund.refundOrder.refundId,
    afterSaleA: afterSale.data!.fileAfterSaleRequest.request.id,
    ticketA: ticket.data!.openServiceTicket.ticket.id,
    draftSpuA: draft?.id as string,
    draftSkuA: draft?.skus[0]?.id as string,
    warehouseA: warehouses.warehouses.nodes[0]?.id as string,
    stockLevelA: levels.stockLevels.nodes[0]?.id as string,
    freightTemplateA: templates.freightTemplates.nodes[0]?.id as string,
    supplierA: suppliers.suppliers.nodes[0]?.id as string,
    staffA: staff.shop.staff.nodes[0]?.id as string,
    noticeA: delivery.order.shippingNotices[0]?.id as string,
    shipmentA: delivery.order.shipments[0]?.id as string,
    carrier: carriers.carriers[0]?.id as string,
    loneMember: lone.registerMember.member.id,
    reviewA: heldReview.data?.result.review?.id as string,
    extra: {
      ...(await extraIdsOfA(shopA, orderA.id, skuA!.id, draft?.id, warehouses.warehouses.nodes[0]?.id)),
      reviewedOrder: reviewed!.id,
      reviewedLine: reviewed!.lines[0]!.id,
      moderationCase: reviewCase.moderationCases.nodes[0]?.id,
      carrierBill: billA.importCarrierBill.carrierBill.id,
    },
    payableAccountA: payableAccount.ledgerAccounts.nodes[0]?.id as string,
    statementA: statement.generateSettlementStatement.statement.id,
    payoutA: confirmed.confirmSettlementStatement.statement.payout.id,
  };
}, 300_000);

afterAll(async () => {
  await t?.stop();
});

// ---------------------------------------------------------------- generation helpers

/** `@requiresScopes` of every type and field in any subgraph: a selection leaves out what the role may not ask for. */
function requiredScopes(): Map<string, string[][]> {
  const found = new Map<string, string[][]>();
  const read = (key: string, directives: readonly ConstDirectiveNode[] | undefined) => {
    const d = directives?.find((x) => x.name.value === 'requiresScopes');
    const arg = d?.arguments?.find((a) => a.name.value === 'scopes');
    if (arg) found.set(key, valueFromASTUntyped(arg.value) as string[][]);
  };
  for (const center of centers()) {
    for (const type of Object.values(center.schema.getTypeMap())) {
      if (!isObjectType(type)) continue;
      for (const node of [type.astNode, ...type.extensionASTNodes]) read(type.name, node?.directives);
      for (const field of Object.values(type.getFields())) read(`${type.name}.${field.name}`, field.astNode?.directives);
    }
  }
  return found;
}

let scopesByField: Map<string, string[][]> | undefined;
function mayAsk(role: Role, key: string): boolean {
  scopesByField ??= requiredScopes();
  const scopes = scopesByField.get(key);
  const scope = role === 'merchantB' ? 'merchant' : role === 'customerB' ? 'customer' : 'analyst';
  return !scopes || scopes.some((all) => all.every((x) => x === scope));
}

/**
 * A selection of every field reachable without required arguments, `depth` levels deep, leaving
 * out fields the role may not ask for (their FORBIDDEN would null the parent and hide a leak).
 */
function selection(schema: GraphQLSchema, type: GraphQLNamedType, depth: number, role: Role): string {
  if (!isObjectType(type)) return isScalarType(type) || isEnumType(type) ? '' : '{ __typename }';
  const parts: string[] = ['__typename'];
  for (const field of Object.values(type.getFields())) {
    if (!mayAsk(role, `${type.name}.${field.name}`) || !mayAsk(role, getNamedType(field.type).name)) continue;
    // An @external field is another subgraph's: it arrives in the representation (@requires), never resolved here.
    if (field.astNode?.directives?.some((d) => d.name.value === 'external')) continue;
    if (field.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined)) continue;
    const named = getNamedType(field.type);
    if (isScalarType(named) || isEnumType(named)) parts.push(field.name);
    else if (isObjectType(named)) {
      if (depth > 0) parts.push(`${field.name} ${selection(schema, named, depth - 1, role)}`);
      else if (named.getFields().id) parts.push(`${field.name} { id }`);
    } else parts.push(`${field.name} { __typename }`);
  }
  return `{ ${parts.join(' ')} }`;
}

/** The entity type an id argument or input field names: `orderId` -> Order, `skuIds` -> Sku. */
function typeOfIdName(name: string): string | undefined {
  const match = /^(.*?)Ids?$/.exec(name);
  if (!match?.[1]) return undefined;
  const base = match[1][0]!.toUpperCase() + match[1].slice(1);
  return FIXTURES[base] ? base : undefined;
}

/** A plausible value for an input of `type`; ids are the role's hidden sample of the type named. */
function valueFor(type: GraphQLInputType, name: string, idFor: (typeName: string | undefined) => string, depth = 0): unknown {
  if (isNonNullType(type)) return valueFor(type.ofType, name, idFor, depth);
  if (isListType(type)) return [valueFor(type.ofType, name, idFor, depth)];
  if (isInputObjectType(type)) {
    if (depth > 3) return {};
    const value: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) {
      const named = getNamedType(field.type);
      const isId = named.name === 'ID';
      if (isNonNullType(field.type) || (isId && typeOfIdName(field.name))) value[field.name] = valueFor(field.type, field.name, idFor, depth + 1);
    }
    return value;
  }
  if (isEnumType(type)) return type.getValues()[0]!.value;
  switch (type.name) {
    case 'ID':
      return idFor(name === 'id' ? undefined : typeOfIdName(name));
    case 'Int':
      return 1;
    case 'Float':
      return 1;
    case 'Boolean':
      return false;
    case 'DateTime':
      return new Date(Date.now() + 86_400_000).toISOString();
    case 'Decimal':
      return '1.00';
    case 'CurrencyCode':
      return 'CNY';
    default:
      return 'x';
  }
}

function argsFor(args: readonly GraphQLArgument[], idFor: (typeName: string | undefined) => string, aimed: boolean) {
  const variables: Record<string, unknown> = {};
  const declared: string[] = [];
  const passed: string[] = [];
  for (const arg of args) {
    const required = isNonNullType(arg.type) && arg.defaultValue === undefined;
    const named = getNamedType(arg.type);
    const aimable = aimed && ((named.name === 'ID' && typeOfIdName(arg.name)) || (isInputObjectType(named) && arg.name === 'filter'));
    if (!required && !aimable) continue;
    variables[arg.name] = valueFor(arg.type, arg.name, idFor);
    declared.push(`$${arg.name}: ${arg.type.toString()}`);
    passed.push(`${arg.name}: $${arg.name}`);
  }
  return { variables, declared: declared.length ? `(${declared.join(', ')})` : '', passed: passed.length ? `(${passed.join(', ')})` : '' };
}

function hiddenIds(role: Role): string[] {
  const ids = new Set<string>();
  for (const fixture of Object.values(FIXTURES)) {
    if (fixture.open) continue;
    for (const get of role === 'merchantB' ? [fixture.hiddenFromMerchantB] : [fixture.hiddenFromMerchantB, fixture.hiddenFromCustomerB]) {
      const id = get?.(s);
      if (id) ids.add(id);
    }
  }
  // Member A bought from shop B: shop B's merchant legitimately sees them as a buyer.
  if (role === 'merchantB') ids.delete(s.memberA);
  return [...ids];
}

function hiddenSample(role: Role, typeName: string | undefined): string {
  const fixture = typeName ? FIXTURES[typeName] : undefined;
  const get = role === 'customerB' ? fixture?.hiddenFromCustomerB : fixture?.hiddenFromMerchantB;
  return get?.(s) ?? (typeName === 'Shop' ? s.shopA : `${(typeName ?? 'x').toLowerCase()}_none`);
}

/** The ids of A's rows found in `data`, leaving out `except` (the id a representation echoes). */
function leaked(data: unknown, role: Role, except?: string): string[] {
  const text = JSON.stringify(data ?? null);
  return hiddenIds(role).filter((id) => id !== except && text.includes(`"${id}"`));
}

const errorCodes = (errors: { extensions?: { code?: unknown } }[] | undefined) => (errors ?? []).map((e) => String(e.extensions?.code));

function centers(): CenterRuntime[] {
  return [...t.graph.host!.centers.values()];
}

async function direct(center: CenterRuntime, token: string | null, query: string, variables?: Record<string, unknown>) {
  const headers = new Headers(token ? { authorization: `Bearer ${token}` } : {});
  return center.execute({ query, variables }, headers);
}

// ---------------------------------------------------------------- the tests

describe('fixtures', () => {
  it('every entity type of every subgraph has a fixture with a real sample of A', () => {
    const missing: string[] = [];
    for (const center of centers()) {
      for (const type of resolvableEntityTypes(center.schema)) {
        const fixture = FIXTURES[type.name];
        if (!fixture) missing.push(`${center.name}: ${type.name} has no fixture in tests/cross-tenant.test.ts`);
        else if (!fixture.hiddenFromMerchantB?.(s) || !fixture.hiddenFromCustomerB?.(s))
          missing.push(`${center.name}: ${type.name} found no sample row of shop A / member A`);
      }
    }
    expect(missing).toEqual([]);
  });
});

describe('_entities straight at every subgraph', () => {
  for (const role of ['merchantB', 'customerB'] as const) {
    it(`${role}: no entity of A comes back, and nothing of A hangs off the attacker's own rows`, async () => {
      const problems: string[] = [];
      for (const center of centers()) {
        for (const type of resolvableEntityTypes(center.schema)) {
          const fixture = FIXTURES[type.name];
          if (!fixture) continue;
          const scope = center.definition.entityScopes[type.name];
          const shellOnly = fixture.open || (scope !== undefined && isScopedByFields(scope));
          const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on ${type.name} ${selection(center.schema, type, 2, role)} } }`;
          const samples: { id: string; own: boolean }[] = [{ id: hiddenSample(role, type.name), own: false }];
          const own = role === 'merchantB' ? fixture.ownOfMerchantB?.(s) : undefined;
          if (own) samples.push({ id: own, own: true });
          for (const sample of samples) {
            const res = await direct(center, tokens[role], query, { r: [{ __typename: type.name, id: sample.id }] });
            const where = `${center.name} ${type.name} ${sample.id}${sample.own ? ' (own)' : ''}`;
            if (errorCodes(res.errors as never).includes('INTERNAL_SERVER_ERROR')) problems.push(`${where}: internal error ${JSON.stringify(res.errors)}`);
            const entity = (res.data as { _entities?: unknown[] } | null | undefined)?._entities?.[0] ?? null;
            if (!sample.own && !shellOnly && entity !== null) problems.push(`${where}: resolved for ${role}`);
            const found = leaked(entity, role, sample.id);
            if (found.length) problems.push(`${where}: leaks ${found.join(', ')}`);
          }
        }
      }
      expect(problems).toEqual([]);
    });
  }

  it('_service (the SDL, internal API included) is for SERVICE callers only', async () => {
    for (const center of centers()) {
      const anonymous = await direct(center, null, '{ _service { sdl } }');
      expect(errorCodes(anonymous.errors as never), center.name).toEqual(['UNAUTHENTICATED']);
      const merchant = await direct(center, tokens.merchantB, '{ _service { sdl } }');
      expect(errorCodes(merchant.errors as never), center.name).toEqual(['FORBIDDEN']);
      const service = await direct(center, t.tokens.service, '{ _service { sdl } }');
      expect((service.data as { _service: { sdl: string } })._service.sdl).toContain('@key');
    }
  });
});

describe('root fields through the gateway', () => {
  for (const role of ['merchantB', 'customerB'] as const) {
    it(`${role}: no root field returns a row of A, aimed at A's rows or walked from its own`, async () => {
      const problems: string[] = [];
      const queryType = apiSchema.getQueryType()!;
      for (const field of Object.values(queryType.getFields())) {
        const returns = getNamedType(field.type);
        const body = isObjectType(returns) ? selection(apiSchema, returns, 3, role) : '';
        const variants: { label: string; idFor: (typeName: string | undefined) => string; aimed: boolean }[] = [
          { label: 'aimed at A', idFor: (name) => hiddenSample(role, name ?? returns.name), aimed: true },
        ];
        const ownOfType = role === 'merchantB' ? FIXTURES[returns.name]?.ownOfMerchantB?.(s) : undefined;
        if (ownOfType) variants.push({ label: 'from its own', idFor: (name) => (name ? hiddenSample(role, name) : ownOfType), aimed: false });
        for (const variant of variants) {
          const { variables, declared, passed } = argsFor(field.args, variant.idFor, variant.aimed);
          const res = await t.gql(`query${declared} { ${field.name}${passed} ${body} }`, variables, tokens[role]);
          const where = `${field.name} (${variant.label})`;
          if (errorCodes(res.errors).includes('INTERNAL_SERVER_ERROR')) problems.push(`${where}: internal error ${JSON.stringify(res.errors)}`);
          const found = leaked(res.data, role, variant.label === 'from its own' ? ownOfType : undefined);
          if (found.length) problems.push(`${where}: leaks ${found.join(', ')}`);
        }
      }
      expect(problems).toEqual([]);
    });
  }

  it('Checkout.orders: the merchant of one shop sees only its own order of a checkout spanning shops', async () => {
    const res = await t.gql<{ order: { checkout: { orders: { id: string; shop: { id: string } }[] } } }>(
      'query($id: ID!) { order(id: $id) { checkout { orders { id shop { id } remarks { text } payable { amount } } } } }',
      { id: s.orderB },
      tokens.merchantB,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.order.checkout.orders.map((o) => o.id)).toEqual([s.orderB]);
    const customer = await t.gql<{ order: { checkout: { orders: { id: string }[] } } }>(
      'query($id: ID!) { order(id: $id) { checkout { orders { id } } } }',
      { id: s.orderB },
      t.tokens.customer,
    );
    expect(customer.data!.order.checkout.orders.map((o) => o.id).sort()).toEqual([s.orderA, s.orderB].sort());
  });
});

/** Rows of `center` whose id is among `ids`, and how many rows each shop-A table has: what a write would change. */
async function footprint(center: CenterRuntime, ids: string[]): Promise<string> {
  const tables = (await center.db.execute(
    sql.raw(
      `select table_name, bool_or(column_name = 'id') as has_id, bool_or(column_name = 'shop_id') as has_shop from information_schema.columns where table_schema = '${center.name}' group by table_name order by table_name`,
    ),
  )) as unknown as { table_name: string; has_id: boolean; has_shop: boolean }[];
  const parts: string[] = [];
  const part = (label: string, rows: unknown[]) => parts.push(`${label} ${JSON.stringify(rows, (_, v) => (typeof v === 'bigint' ? v.toString() : v))}`);
  for (const table of rowsOf<{ table_name: string; has_id: boolean; has_shop: boolean }>(tables)) {
    // A refused attempt is recorded, by design: an analyst's, who has no shop, under the shop its input
    // named. The entry arrives through the outbox whenever the relay runs, so it is no write of the mutation.
    if (center.name === 'shops' && table.table_name === 'audit_entries') continue;
    // Analytics' read model follows the other centers' events whenever the relay delivers them (the
    // setup's orders, their enrichment job): its rows move on their own, no write of the mutation.
    if (center.name === 'analytics') continue;
    const name = `"${center.name}"."${table.table_name}"`;
    if (table.has_id && ids.length)
      part(
        `${name} by id`,
        rowsOf(
          await center.db.execute(sql.raw(`select * from ${name} where id::text in (${ids.map((i) => `'${i.replace(/'/g, "''")}'`).join(',')}) order by id`)),
        ),
      );
    if (table.has_shop)
      part(`${name} of shop A`, rowsOf(await center.db.execute(sql.raw(`select count(*)::int as n from ${name} where shop_id = '${s.shopA}'`))));
  }
  return parts.join('\n');
}

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : ((result as { rows?: T[] }).rows ?? [])) as T[];
}

/** The first id an admin list finds, or undefined (the sample then names an id that does not exist). */
async function firstId(query: string, variables: Record<string, unknown>, path: (data: any) => { id: string }[] | undefined): Promise<string | undefined> {
  const res = await t.gql<any>(query, variables, t.tokens.admin);
  return res.errors ? undefined : path(res.data)?.[0]?.id;
}

async function extraIdsOfA(
  shopA: string,
  orderA: string,
  skuA: string,
  spuA: string | undefined,
  warehouseA: string | undefined,
): Promise<Record<string, string | undefined>> {
  const shop = { shop: shopA };
  // Open WMS documents of A for the mutations that work them.
  await ADMIN_QUERY('mutation($input: CreateInboundReceiptInput!) { createInboundReceipt(input: $input) { userErrors { code } } }', {
    input: { warehouseId: warehouseA, source: 'MANUAL', lines: [{ skuId: skuA, expectedQuantity: 1 }] },
  });
  await ADMIN_QUERY('mutation($input: CreateStocktakeInput!) { createStocktake(input: $input) { userErrors { code } } }', {
    input: { warehouseId: warehouseA, skuIds: [skuA] },
  });
  return {
    skuOnSale: skuA,
    orderLine: await firstId('query($id: ID!) { order(id: $id) { lines { id } } }', { id: orderA }, (d) => d.order?.lines),
    category: await firstId('query($id: ID!) { spu(id: $id) { category { id } } }', { id: spuA }, (d) => (d.spu?.category ? [d.spu.category] : [])),
    brand: await firstId('query($id: ID!) { spu(id: $id) { brand { id } } }', { id: spuA }, (d) => (d.spu?.brand ? [d.spu.brand] : [])),
    inboundReceipt: await firstId(
      'query($shop: ID!) { inboundReceipts(first: 1, filter: { shopId: $shop }) { nodes { id } } }',
      shop,
      (d) => d.inboundReceipts?.nodes,
    ),
    outboundOrder: await firstId(
      'query($shop: ID!) { outboundOrders(first: 1, filter: { shopId: $shop }) { nodes { id } } }',
      shop,
      (d) => d.outboundOrders?.nodes,
    ),
    stocktake: await firstId('query($shop: ID!) { stocktakes(first: 1, filter: { shopId: $shop }) { nodes { id } } }', shop, (d) => d.stocktakes?.nodes),
    couponTemplate: await firstId(
      'query($shop: ID!) { couponTemplates(first: 1, filter: { shopId: $shop }) { nodes { id } } }',
      shop,
      (d) => d.couponTemplates?.nodes,
    ),
    promotion: await firstId('query($shop: ID!) { promotions(first: 1, filter: { shopId: $shop }) { nodes { id } } }', shop, (d) => d.promotions?.nodes),
    priceChange: await firstId('query($id: ID!) { sku(id: $id) { priceHistory(first: 1) { nodes { id } } } }', { id: skuA }, (d) => d.sku?.priceHistory?.nodes),
    address: await firstId('query($id: ID!) { member(id: $id) { addresses { id } } }', { id: DEMO_MEMBER_ID }, (d) => d.member?.addresses),
    couponA: await firstId(
      'query($member: ID!) { coupons(first: 1, filter: { memberId: $member }) { nodes { id } } }',
      { member: DEMO_MEMBER_ID },
      (d) => d.coupons?.nodes,
    ),
    purchaseOrder: await firstId('query($shop: ID!) { purchaseOrders(first: 1, shopId: $shop) { nodes { id } } }', shop, (d) => d.purchaseOrders?.nodes),
    suggestion: await firstId(
      'query($shop: ID!) { replenishmentSuggestions(first: 1, shopId: $shop) { nodes { id } } }',
      shop,
      (d) => d.replenishmentSuggestions?.nodes,
    ),
  };
}

/**
 * A valid input of each mutation's input type, aimed at A: every id is one of A's rows (or shop A
 * itself for a new row), every other field a value the mutation accepts from A's own merchant.
 * A mutation whose input type has no line here fails the test, naming the type.
 */
type Sample = (a: (typeName: string) => string, s: Setup) => Record<string, unknown>;
const money = (amount: string) => ({ amount, currencyCode: 'CNY' });
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
const address = { receiver: '张三', phone: '13800000000', province: '浙江', city: '杭州', district: '西湖区', detail: '文三路 1 号' };
const SAMPLES: Record<string, Sample> = {
  CreateCategoryInput: (_, s) => ({ parentId: s.extra.category, name: '跨店 cross-tenant' }),
  MoveCategoryInput: (_, s) => ({ id: s.extra.category, position: 1 }),
  SetCategoryStatusInput: (_, s) => ({ id: s.extra.category, status: 'DISABLED' }),
  CreateAttributeDefinitionInput: (_, s) => ({ categoryId: s.extra.category, name: '跨店', kind: 'DESCRIPTIVE' }),
  UpdateAttributeDefinitionInput: () => ({ id: 'atd_01HK153X0000000000000ZZZZZ', required: true }),
  CreateBrandInput: (_, s) => ({ name: 'Cross Tenant', categoryIds: [s.extra.category] }),
  SetBrandCategoriesInput: (_, s) => ({ brandId: s.extra.brand, categoryIds: [s.extra.category] }),
  CreateSpuInput: (_, s) => ({ shopId: s.shopA, categoryId: s.extra.category, name: '跨店商品', skus: [{ code: `XT-${Date.now()}`, price: money('9.90') }] }),
  UpdateSpuInput: (a) => ({ id: a('Spu'), name: '改名 renamed by B' }),
  SetSkuMatrixInput: (a) => ({ spuId: a('Spu'), dimensions: [{ name: '颜色', values: ['红'] }], defaults: { codePrefix: 'XT', salePrice: money('9.90') } }),
  ChangeSpuStatusInput: (a) => ({ id: a('Spu'), reason: 'cross-tenant' }),
  UpdateSkuInput: (a) => ({ id: a('Sku'), price: money('1.00') }),
  SchedulePriceChangeInput: (_, s) => ({ skuId: s.extra.skuOnSale, effectiveAt: inDays(1), salePrice: money('1.00') }),
  CancelPriceChangeInput: (_, s) => ({ id: s.extra.priceChange }),
  BulkUpdatePricesInput: (_, s) => ({ rows: [{ skuId: s.extra.skuOnSale, salePrice: money('1.00') }], reason: 'cross-tenant' }),
  CreateFreightTemplateInput: (_, s) => ({
    shopId: s.shopA,
    name: '跨店运费',
    chargeBy: 'PIECE',
    rules: [{ firstUnits: 1, firstPrice: money('5.00'), additionalUnits: 1, additionalPrice: money('1.00') }],
  }),
  UpdateFreightTemplateInput: (a) => ({ id: a('FreightTemplate'), name: '改名' }),
  DeleteFreightTemplateInput: (a) => ({ id: a('FreightTemplate') }),
  CreateCarrierInput: () => ({ code: 'XTC', name: '跨店快递' }),
  SetShopPaymentMethodsInput: (_, s) => ({ shopId: s.shopA, methods: ['SANDBOX'] }),
  UpdateCarrierInput: (a) => ({ id: a('Carrier'), active: false }),
  ShipDropShipNoticeInput: (a) => ({ shippingNoticeId: a('ShippingNotice'), carrierCode: 'SF', trackingNumber: 'SF0000000001' }),
  RetryShippingNoticeInput: (a) => ({ id: a('ShippingNotice') }),
  RedeemServiceVoucherInput: () => ({ code: 'NOSUCHCODE' }),
  ImportCarrierBillInput: (_, s) => ({ carrierCode: 'SANDBOX', billNumber: 'XT-B', shopId: s.shopA, csv: 'waybill,weight_grams,cost\nXT0000000002,100,1.00' }),
  CreateWarehouseInput: (_, s) => ({ shopId: s.shopA, code: `XT-${Date.now()}`, name: '跨店仓', province: '浙江', city: '杭州', address: '1 号' }),
  UpdateWarehouseInput: (a) => ({ id: a('Warehouse'), name: '改名', status: 'INACTIVE' }),
  ConfigureStockLevelInput: (a, s) => ({ warehouseId: a('Warehouse'), skuId: s.extra.skuOnSale, safetyStock: 5 }),
  CreateInboundReceiptInput: (a, s) => ({ warehouseId: a('Warehouse'), source: 'MANUAL', lines: [{ skuId: s.extra.skuOnSale, expectedQuantity: 1 }] }),
  CreateConsignmentReceiptInput: (a, s) => ({
    warehouseId: a('Warehouse'),
    consignorId: s.supplierA,
    lines: [{ skuId: s.extra.skuOnSale, expectedQuantity: 1, agreedUnitPrice: money('1.00') }],
  }),
  ReceiveInboundReceiptInput: (_, s) => ({ id: s.extra.inboundReceipt, lines: [{ skuId: s.extra.skuOnSale, quantity: 1, quality: 'GOOD' }] }),
  InboundReceiptActionInput: (_, s) => ({ id: s.extra.inboundReceipt }),
  OutboundOrderActionInput: (_, s) => ({ id: s.extra.outboundOrder }),
  ShipOutboundOrderInput: (_, s) => ({ id: s.extra.outboundOrder, carrierCode: 'SF', trackingNumber: 'SF0000000002' }),
  CreateStocktakeInput: (a, s) => ({ warehouseId: a('Warehouse'), skuIds: [s.extra.skuOnSale] }),
  RecordStocktakeCountsInput: (_, s) => ({ id: s.extra.stocktake, counts: [{ skuId: s.extra.skuOnSale, countedQuantity: 1 }] }),
  StocktakeActionInput: (_, s) => ({ id: s.extra.stocktake }),
  CreateCouponTemplateInput: (_, s) => ({
    shopId: s.shopA,
    name: '跨店券',
    kind: 'THRESHOLD',
    amountOff: money('1.00'),
    minSpend: money('10.00'),
    scope: 'SHOP',
    claimableFrom: inDays(0),
    claimableUntil: inDays(1),
    validDays: 7,
    totalQuantity: 10,
  }),
  IdInput: (a, s) => ({ id: s.extra.couponTemplate ?? s.extra.promotion ?? a('CouponTemplate') }),
  ClaimCouponInput: (_, s) => ({ templateId: s.extra.couponTemplate }),
  GrantCouponsInput: (_, s) => ({ templateId: s.extra.couponTemplate, memberIds: [s.memberA] }),
  CreatePromotionInput: (_, s) => ({
    shopId: s.shopA,
    name: '跨店满减',
    kind: 'PERCENT_OFF',
    percentOff: 90,
    scope: 'SHOP',
    startsAt: inDays(0),
    endsAt: inDays(1),
  }),
  CreateFlashSaleInput: (_, s) => ({
    shopId: s.shopA,
    skuId: s.extra.skuOnSale,
    name: '跨店秒杀',
    price: money('0.01'),
    quantity: 1,
    startsAt: inDays(1),
    endsAt: inDays(2),
  }),
  CreateCampaignInput: (_, s) => ({ shopId: s.shopA, name: '跨店专场', startsAt: inDays(1), endsAt: inDays(2) }),
  RegisterMemberInput: () => ({ name: '跨店', phone: '13900001111' }),
  ChangeMemberStatusInput: (_, s) => ({ id: s.memberA, status: 'FROZEN' }),
  AddAddressInput: (_, s) => ({ memberId: s.memberA, ...address }),
  AddressRefInput: (_, s) => ({ id: s.extra.address }),
  AdjustPointsInput: (_, s) => ({ memberId: s.memberA, points: 100, reason: 'cross-tenant' }),
  MemberLevelInput: () => ({ name: '跨店等级', growthThreshold: 999_999 }),
  UpdateMemberLevelInput: () => ({ id: 'lvl_01HK153X0000000000000ZZZZZ', name: '改名' }),
  PointsSettingsInput: () => ({ maxDeductionPercent: 99 }),
  PlaceOrderInput: (_, s) => ({ idempotencyKey: `xt-${Date.now()}`, lines: [{ skuId: s.extra.skuOnSale, quantity: 1 }], address }),
  CancelOrderInput: (a) => ({ orderId: a('Order'), reason: 'cross-tenant' }),
  PlaceOrderForMemberInput: (_, s) => ({
    memberId: s.memberA,
    reason: 'cross-tenant',
    idempotencyKey: `xt-${Date.now()}`,
    lines: [{ skuId: s.extra.skuOnSale, quantity: 1 }],
    address,
  }),
  EditOrderInput: (a, s) => ({ orderId: a('Order'), idempotencyKey: `xt-${Date.now()}`, lines: [{ orderLineId: s.extra.orderLine, quantity: 2 }] }),
  RefundOrderInput: (a, s) => ({
    orderId: a('Order'),
    idempotencyKey: `xt-${Date.now()}`,
    reason: 'cross-tenant',
    lines: [{ orderLineId: s.extra.orderLine, amount: money('0.01') }],
  }),
  FileAfterSaleRequestInput: (a, s) => ({ orderId: a('Order'), orderLineId: s.extra.orderLine, type: 'REFUND_ONLY', quantity: 1, reasonCode: 'NOT_RECEIVED' }),
  CancelAfterSaleRequestInput: (a) => ({ id: a('AfterSaleRequest'), reason: 'cross-tenant' }),
  EscalateAfterSaleRequestInput: (a) => ({ id: a('AfterSaleRequest'), reason: 'cross-tenant' }),
  DecideAfterSaleRequestInput: (a) => ({ id: a('AfterSaleRequest'), reason: 'cross-tenant' }),
  RejectAfterSaleRequestInput: (a) => ({ id: a('AfterSaleRequest'), reason: 'cross-tenant' }),
  SubmitAfterSaleReturnShipmentInput: (a) => ({ id: a('AfterSaleRequest'), carrierCode: 'SF', trackingNumber: 'SF0000000002' }),
  SetAfterSaleDeductionInput: (a) => ({ id: a('AfterSaleRequest'), amount: money('0.01'), reason: 'cross-tenant' }),
  RetryAfterSaleRefundInput: (a) => ({ id: a('AfterSaleRequest') }),
  OpenServiceTicketInput: (a) => ({ subject: 'cross-tenant', category: 'ORDER', body: 'cross-tenant', orderId: a('Order') }),
  ReplyToServiceTicketInput: (a) => ({ ticketId: a('ServiceTicket'), body: 'cross-tenant' }),
  AssignServiceTicketInput: (a) => ({ ticketId: a('ServiceTicket'), staffId: demoPlatformStaffId('CS_AGENT') }),
  ResolveServiceTicketInput: (a) => ({ ticketId: a('ServiceTicket'), resolution: 'cross-tenant' }),
  CloseServiceTicketInput: (a) => ({ ticketId: a('ServiceTicket') }),
  ReopenServiceTicketInput: (a) => ({ ticketId: a('ServiceTicket'), reason: 'cross-tenant' }),
  SetSupportAgentInput: () => ({ staffId: demoPlatformStaffId('CS_AGENT'), categories: [] }),
  CreatePresalePlanInput: (_, s) => ({ skuId: s.extra.skuOnSale, depositPerUnit: money('0.01'), balanceStartsAt: inDays(1), balanceEndsAt: inDays(2) }),
  AddOrderRemarkInput: (a) => ({ orderId: a('Order'), text: 'cross-tenant' }),
  ChangeOrderAddressInput: (a) => ({ orderId: a('Order'), address, reason: 'cross-tenant' }),
  ConfirmReceiptInput: (a) => ({ orderId: a('Order') }),
  SandboxPayInput: (a) => ({ paymentId: a('Payment') }),
  CreateSupplierInput: (_, s) => ({ shopId: s.shopA, code: `XT-${Date.now()}`, name: '跨店供应商' }),
  UpdateSupplierInput: (a) => ({ id: a('Supplier'), name: '改名' }),
  SetSupplierStatusInput: (a) => ({ id: a('Supplier'), status: 'SUSPENDED' }),
  PayConsignorInput: (a) => ({ supplierId: a('Supplier'), from: inDays(-30), to: inDays(-1) }),
  SetDropShipOffersInput: (a, s) => ({ supplierId: a('Supplier'), offers: [{ skuId: s.extra.skuOnSale, supplyPrice: money('0.01') }] }),
  RemoveDropShipOfferInput: (_, s) => ({ skuId: s.extra.skuOnSale }),
  SetSupplyTermsInput: (a, s) => ({ supplierId: a('Supplier'), terms: [{ skuId: s.extra.skuOnSale, unitPrice: money('1.00'), leadTimeDays: 3 }] }),
  RemoveSupplyTermsInput: (a, s) => ({ supplierId: a('Supplier'), skuId: s.extra.skuOnSale }),
  ReplenishmentSuggestionActionInput: (a) => ({ id: a('ReplenishmentSuggestion') }),
  CreatePurchaseOrderInput: (a, s) => ({ supplierId: a('Supplier'), warehouseId: s.warehouseA, lines: [{ skuId: s.extra.skuOnSale, quantity: 1 }] }),
  CreatePurchaseOrdersFromSuggestionsInput: (a) => ({ suggestionIds: [a('ReplenishmentSuggestion')] }),
  PurchaseOrderActionInput: (a) => ({ id: a('PurchaseOrder') }),
  CreateShopInput: () => ({ name: '跨店新店', contact: { name: '跨店' } }),
  UpdateShopInput: (a) => ({ id: a('Shop'), description: 'changed by B' }),
  ChangeShopStatusInput: (a) => ({ id: a('Shop'), status: 'SUSPENDED', reason: 'cross-tenant' }),
  AddShopStaffInput: (_, s) => ({ shopId: s.shopA, name: '跨店', email: 'xt@example.com', role: 'OPERATIONS' }),
  UpdateShopStaffInput: (a) => ({ id: a('ShopStaff'), status: 'DISABLED' }),
  CreatePlatformStaffInput: () => ({ name: '跨店', email: 'xt-platform@example.com', role: 'OPERATOR' }),
  UpdatePlatformStaffInput: () => ({ id: 'pst_01HK153X0000000000000ZZZZZ', name: '改名' }),
  PlatformStaffIdInput: () => ({ id: 'pst_01HK153X0000000000000ZZZZZ' }),
  CreateReviewInput: (_, s) => ({ orderId: s.extra.reviewedOrder, orderLineId: s.extra.reviewedLine, rating: 1, text: 'cross-tenant' }),
  AddFollowUpReviewInput: (a) => ({ reviewId: a('Review'), text: 'cross-tenant' }),
  ReviewIdInput: (a) => ({ reviewId: a('Review') }),
  ReportReviewInput: (a) => ({ reviewId: a('Review'), reason: 'cross-tenant' }),
  ReplyToReviewInput: (a) => ({ reviewId: a('Review'), text: 'cross-tenant' }),
  ReviewReasonInput: (a) => ({ reviewId: a('Review'), reason: 'cross-tenant' }),
  DecideModerationCaseInput: (_, s) => ({ id: s.extra.moderationCase, decision: 'REJECT', note: 'cross-tenant' }),
  AddSensitiveWordsInput: () => ({ words: [{ word: '跨店', wordClass: 'BLOCK' }] }),
  RemoveSensitiveWordInput: () => ({ id: 'swd_01HK153X0000000000000ZZZZZ' }),
  AddBannedImageInput: () => ({ hash: 'b'.repeat(64) }),
  RemoveBannedImageInput: () => ({ id: 'bim_01HK153X0000000000000ZZZZZ' }),
  CreateContentPageInput: () => ({ kind: 'HOME', channel: 'PC', name: '跨店首页' }),
  SaveContentPageDraftInput: () => ({ pageId: 'cpg_01HK153X000000000000000001', slots: [] }),
  PublishContentPageInput: () => ({ pageId: 'cpg_01HK153X000000000000000001' }),
  RollbackContentPageInput: () => ({ pageId: 'cpg_01HK153X000000000000000001', versionId: 'cpv_01HK153X000000000000000001', reason: 'cross-tenant' }),
  ProposeBannerInput: (_, s) => ({
    shopId: s.shopA,
    campaignId: 'cmp_01HK153X000000000000000001',
    channel: 'APP',
    title: '跨店横幅',
    imageUrl: 'https://img.example.com/xt.jpg',
    startsAt: inDays(1),
    endsAt: inDays(2),
  }),
  ApproveBannerProposalInput: () => ({ id: 'bnp_01HK153X0000000000000ZZZZZ', pageId: 'cpg_01HK153X000000000000000001' }),
  RejectBannerProposalInput: () => ({ id: 'bnp_01HK153X0000000000000ZZZZZ', reason: 'cross-tenant' }),
  SetCommissionRateInput: (_, s) => ({ shopId: s.shopA, rateBps: 1 }),
  SetSettlementScheduleInput: (_, s) => ({ shopId: s.shopA, period: 'WEEKLY' }),
  GenerateSettlementStatementInput: (_, s) => ({ shopId: s.shopA, currencyCode: 'CNY', period: 'DAILY', periodEnd: inDays(0) }),
  ConfirmSettlementStatementInput: () => ({ id: 'sst_01HK153X0000000000000ZZZZZ' }),
  SandboxSettlePayoutInput: () => ({ payoutId: 'pyo_01HK153X0000000000000ZZZZZ', outcome: 'FAILED' }),
  ImportProviderStatementInput: () => ({ date: '2026-01-01', csv: 'type,provider_reference,merchant_reference,amount,currency,occurred_at\n' }),
  ResolveReconciliationDifferenceInput: () => ({ id: 'rcd_01HK153X0000000000000ZZZZZ', reason: 'cross-tenant' }),
  PostAdjustingEntryInput: (_, s) => ({
    reason: 'cross-tenant',
    idempotencyKey: `xt-${Date.now()}`,
    postings: [
      { account: 'MERCHANT_PAYABLE', shopId: s.shopA, debit: money('0.01') },
      { account: 'PLATFORM_CASH', credit: money('0.01') },
    ],
  }),
  ReverseJournalEntryInput: () => ({ entryId: 'jen_01HK153X0000000000000ZZZZZ', reason: 'cross-tenant' }),
  UpdateRiskRuleInput: () => ({ ruleId: 'rkr_01HK153X000000000000000001', threshold: 1, reason: 'cross-tenant' }),
  RebuildSalesFactsInput: () => ({ reason: 'cross-tenant' }),
  StartSalesExportInput: (_, s) => ({ kind: 'SALES_FACTS', filter: { from: '2026-01-01', to: '2026-01-31', shopIds: [s.shopA] } }),
  AddBlocklistEntryInput: (_, s) => ({ kind: 'MEMBER', value: s.memberA, reason: 'cross-tenant' }),
  RemoveBlocklistEntryInput: () => ({ entryId: 'rkb_01HK153X0000000000000ZZZZZ' }),
  HeldOrderDecisionInput: (a) => ({ orderId: a('Order'), reason: 'cross-tenant' }),
  SandboxCustomsDecisionInput: (a) => ({ orderId: a('Order'), outcome: 'CLEARED', reason: 'cross-tenant' }),
};

/** What every center holds of A: its rows by id and each table's count of shop A's rows. */
async function footprintOfAll(ids: string[]): Promise<string> {
  const parts: string[] = [];
  for (const center of centers()) parts.push(await footprint(center, ids));
  return parts.join('\n');
}

/**
 * What the clock does on its own (each center's cron sweeps: members' points expiry at minute 17,
 * voucher expiry, ...), done once before the footprints and not between two of them: a sweep due
 * mid-run (the demo members' lots of 2025 expire) would otherwise pass for a refused mutation's write.
 */
async function runSweeps(): Promise<void> {
  for (const center of centers())
    for (const job of Object.values(center.definition.jobs ?? {}))
      if (job.cron) await job.handler(await t.graph.host!.contextFor(center.name, TEST_SERVICE), {});
  await t.graph.host!.bus!.drain();
}

/** The lines of a footprint that differ, before -> after, so a failure names the table. */
function changedLines(before: string, after: string): string {
  const was = before.split('\n');
  const now = after.split('\n');
  return now
    .map((line, i) => (line === was[i] ? null : `${was[i] ?? '(none)'} -> ${line}`))
    .filter((d) => d !== null)
    .join('; ')
    .slice(0, 2000);
}

const idsIn = (value: unknown) =>
  JSON.stringify(value)
    .match(/"[a-z]{2,4}_[0-9A-Z]{20,}"/g)
    ?.map((m) => m.slice(1, -1)) ?? [];

/**
 * Mutations that are reads for an analyst: an export of sales every analyst may already query. They
 * write only the analytics center's own export row; A's rows must still not change (checked below).
 */
const ANALYST_READS = new Set(['startSalesExport']);

describe('every mutation, with a valid input aimed at A', () => {
  for (const role of ['merchantB', 'analyst'] as const) {
    it(`${role}: is refused (FORBIDDEN, NOT_FOUND or a userError) and changes no row of A`, async () => {
      const problems: string[] = [];
      const answers: Record<string, string> = {};
      const mutationType = apiSchema.getMutationType()!;
      await runSweeps();
      for (const field of Object.values(mutationType.getFields())) {
        const variables: Record<string, unknown> = {};
        const declared: string[] = [];
        for (const arg of field.args) {
          const named = getNamedType(arg.type);
          if (isInputObjectType(named)) {
            const sample = SAMPLES[named.name];
            if (!sample) {
              problems.push(`${field.name}: input type ${named.name} has no sample in SAMPLES (tests/cross-tenant.test.ts)`);
              continue;
            }
            variables[arg.name] = sample((typeName) => hiddenSample('merchantB', typeName), s);
          } else variables[arg.name] = valueFor(arg.type, arg.name, (typeName) => hiddenSample('merchantB', typeName));
          declared.push(`$${arg.name}: ${arg.type.toString()}`);
        }
        if (declared.length !== field.args.length) continue;
        const payload = getNamedType(field.type) as GraphQLObjectType;
        const userErrors = isObjectType(payload) && payload.getFields().userErrors ? ' userErrors { code }' : '';
        const ids = [...new Set([...idsIn(variables), s.shopA, s.memberA])];
        // Whatever the setup's events still had to do happens now, not between the two footprints.
        await t.graph.host!.bus!.drain();
        const before = await footprintOfAll(ids);
        // Straight at the center that owns the mutation (as a caller bypassing the gateway would).
        const owner = centers().find((c) => c.schema.getMutationType()?.getFields()[field.name]);
        if (!owner) {
          problems.push(`${field.name}: no center resolves it`);
          continue;
        }
        const res = (await direct(
          owner,
          tokens[role],
          `mutation(${declared.join(', ')}) { ${field.name}(${field.args.map((a) => `${a.name}: $${a.name}`).join(', ')}) { __typename${userErrors} } }`,
          variables,
        )) as {
          data?: Record<string, { userErrors?: { code: string }[] } | null> | null;
          errors?: { extensions?: { code?: unknown } }[];
        };
        // And what the mutation's own events would do is in `after`.
        await t.graph.host!.bus!.drain();
        const after = await footprintOfAll(ids);
        const codes = errorCodes(res.errors);
        const refusedBy = res.data?.[field.name]?.userErrors?.map((e) => e.code) ?? [];
        answers[field.name] = codes.length ? codes.join(',') : refusedBy.length ? `userErrors:${refusedBy.join(',')}` : 'ACCEPTED';
        const readsForAnalyst = role === 'analyst' && ANALYST_READS.has(field.name);
        if (!readsForAnalyst && !codes.some((c) => c === 'FORBIDDEN' || c === 'NOT_FOUND') && !refusedBy.length)
          problems.push(`${field.name}: not refused for ${role}: ${JSON.stringify(res)}`);
        if (before !== after) problems.push(`${field.name}: changed A's rows for ${role}: ${changedLines(before, after)}`);
      }
      expect(problems).toEqual([]);
      // Every mutation of the schema was tried.
      expect(Object.keys(answers).sort()).toEqual(Object.keys(mutationType.getFields()).sort());
    }, 600_000);
  }
});

describe('mutations naming A’s rows', () => {
  it('a shop’s coupon template or promotion names only its own SKUs; a platform one any', async () => {
    const [skuA] = await buyableSkus(t, s.shopA, 1);
    const window = { claimableFrom: new Date().toISOString(), claimableUntil: new Date(Date.now() + 86_400_000).toISOString() };
    const TEMPLATE = 'mutation($input: CreateCouponTemplateInput!) { createCouponTemplate(input: $input) { couponTemplate { id } userErrors { field code } } }';
    const input = {
      name: '满10减1',
      kind: 'THRESHOLD',
      amountOff: { amount: '1.00', currencyCode: 'CNY' },
      minSpend: { amount: '10.00', currencyCode: 'CNY' },
      scope: 'SKUS',
      scopeIds: [skuA!.id],
      validDays: 7,
      totalQuantity: 10,
      ...window,
    };
    const foreign = await t.gql<{ createCouponTemplate: { couponTemplate: null; userErrors: { field: string[]; code: string }[] } }>(
      TEMPLATE,
      { input },
      t.tokens.merchantB,
    );
    expect(foreign.data!.createCouponTemplate).toEqual({ couponTemplate: null, userErrors: [{ field: ['input', 'scopeIds', '0'], code: 'INVALID' }] });
    const own = await t.gql<{ createCouponTemplate: { couponTemplate: { id: string } | null } }>(TEMPLATE, { input }, t.tokens.merchantA);
    expect(own.data!.createCouponTemplate.couponTemplate?.id).toBeTruthy();
    const platform = await t.gql<{ createCouponTemplate: { couponTemplate: { id: string } | null } }>(TEMPLATE, { input }, t.tokens.admin);
    expect(platform.data!.createCouponTemplate.couponTemplate?.id).toBeTruthy();

    const PROMOTION = 'mutation($input: CreatePromotionInput!) { createPromotion(input: $input) { promotion { id } userErrors { field code } } }';
    const promotion = {
      name: '9折',
      kind: 'PERCENT_OFF',
      percentOff: 90,
      scope: 'SKUS',
      scopeIds: [skuA!.id, 'sku_01HK153X0000000000000ZZZZZ'],
      startsAt: window.claimableFrom,
      endsAt: window.claimableUntil,
    };
    const refused = await t.gql<{ createPromotion: { promotion: null; userErrors: { field: string[]; code: string }[] } }>(
      PROMOTION,
      { input: promotion },
      t.tokens.merchantB,
    );
    expect(refused.data!.createPromotion.userErrors).toEqual([
      { field: ['input', 'scopeIds', '0'], code: 'INVALID' },
      { field: ['input', 'scopeIds', '1'], code: 'NOT_FOUND' },
    ]);
  });
});
