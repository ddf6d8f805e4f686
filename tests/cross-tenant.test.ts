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
import { demoMemberId, DEMO_MEMBER_ID, isScopedByFields, resolvableEntityTypes, type CenterRuntime } from '@zhongtai/kit';
import { startTestGraph, type TestGraph } from './support/graph.ts';
import { ADDRESS, buyableSkus, payCheckout, PLACE_ORDER, shipOrder } from './support/shopping.ts';

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
type Samples = { ids: string[] };

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
  Supplier: { hiddenFromMerchantB: (s) => s.supplierA, hiddenFromCustomerB: (s) => s.supplierA },
  Member: { hiddenFromMerchantB: (s) => s.loneMember, hiddenFromCustomerB: (s) => s.memberA },
  Checkout: { hiddenFromMerchantB: (s) => s.checkoutAOnly, hiddenFromCustomerB: (s) => s.mixedCheckout, ownOfMerchantB: (s) => s.mixedCheckout },
  Order: { hiddenFromMerchantB: (s) => s.orderA, hiddenFromCustomerB: (s) => s.orderA, ownOfMerchantB: (s) => s.orderB },
  Payment: { hiddenFromMerchantB: (s) => s.paymentAOnly, hiddenFromCustomerB: (s) => s.paymentAOnly },
  Refund: { hiddenFromMerchantB: (s) => s.refundA, hiddenFromCustomerB: (s) => s.refundA },
  AfterSaleRequest: { hiddenFromMerchantB: (s) => s.afterSaleA, hiddenFromCustomerB: (s) => s.afterSaleA },
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
  const res = await t.gql<{ placeOrder: { checkout: { id: string; paymentId: string }; orders: { id: string; shop: { id: string }; lines: { id: string }[] }[]; userErrors: unknown[] } }>(
    PLACE_ORDER,
    { input: { idempotencyKey: key, address: ADDRESS, lines: skus.map((k) => ({ skuId: k.id, quantity: 1 })) } },
    token,
  );
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
    { input: { orderId: orderA.id, idempotencyKey: 'cross-tenant-refund', reason: 'cross-tenant fixture', lines: [{ orderLineId: orderA.lines[0]!.id, amount: { amount: '0.01', currencyCode: 'CNY' } }] } },
  );
  const afterSale = await t.gql<{ fileAfterSaleRequest: { request: { id: string } } }>(
    'mutation($input: FileAfterSaleRequestInput!) { fileAfterSaleRequest(input: $input) { request { id } userErrors { code } } }',
    { input: { orderId: orderA.id, orderLineId: orderA.lines[0]!.id, type: 'REFUND_ONLY', quantity: 1, reasonCode: 'NOT_RECEIVED' } },
    t.tokens.customer,
  );
  const drafts = await ADMIN_QUERY<{ spus: { nodes: { id: string; skus: { id: string }[] }[] } }>(
    'query($shop: ID!) { spus(first: 100, filter: { shopId: $shop, status: DRAFT }) { nodes { id skus { id } } } }',
    { shop: shopA },
  );
  const draft = drafts.spus.nodes.find((n) => n.skus.length > 0);
  const warehouses = await ADMIN_QUERY<{ warehouses: { nodes: { id: string }[] } }>('query($shop: ID!) { warehouses(first: 5, filter: { shopId: $shop }) { nodes { id } } }', { shop: shopA });
  const levels = await ADMIN_QUERY<{ stockLevels: { nodes: { id: string }[] } }>('query($shop: ID!) { stockLevels(first: 5, filter: { shopId: $shop }) { nodes { id } } }', { shop: shopA });
  const templates = await ADMIN_QUERY<{ freightTemplates: { nodes: { id: string }[] } }>('query($shop: ID!) { freightTemplates(first: 5, filter: { shopId: $shop }) { nodes { id } } }', { shop: shopA });
  const suppliers = await ADMIN_QUERY<{ suppliers: { nodes: { id: string }[] } }>('query($shop: ID!) { suppliers(first: 5, shopId: $shop) { nodes { id } } }', { shop: shopA }).catch(() =>
    ADMIN_QUERY<{ suppliers: { nodes: { id: string }[] } }>('query($shop: ID!) { suppliers(first: 5, filter: { shopId: $shop }) { nodes { id } } }', { shop: shopA }),
  );
  const staff = await ADMIN_QUERY<{ shop: { staff: { nodes: { id: string }[] } } }>('query($id: ID!) { shop(id: $id) { staff(first: 5) { nodes { id } } } }', { id: shopA });
  const delivery = await ADMIN_QUERY<{ order: { shippingNotices: { id: string }[]; shipments: { id: string }[] } }>(
    'query($id: ID!) { order(id: $id) { shippingNotices { id } shipments { id } } }',
    { id: orderA.id },
  );
  const carriers = await ADMIN_QUERY<{ carriers: { id: string }[] }>('{ carriers { id } }');
  const lone = await ADMIN_QUERY<{ registerMember: { member: { id: string } } }>('mutation { registerMember(input: { name: "独行 Lone", phone: "13900009999" }) { member { id } userErrors { code } } }');

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
        else if (!fixture.hiddenFromMerchantB?.(s) || !fixture.hiddenFromCustomerB?.(s)) missing.push(`${center.name}: ${type.name} found no sample row of shop A / member A`);
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
    const customer = await t.gql<{ order: { checkout: { orders: { id: string }[] } } }>('query($id: ID!) { order(id: $id) { checkout { orders { id } } } }', { id: s.orderB }, t.tokens.customer);
    expect(customer.data!.order.checkout.orders.map((o) => o.id).sort()).toEqual([s.orderA, s.orderB].sort());
  });
});

/** Rows of `center` whose id is among `ids`, and how many rows each shop-A table has: what a write would change. */
async function footprint(center: CenterRuntime, ids: string[]): Promise<string> {
  const tables = (await center.db.execute(
    sql.raw(`select table_name, bool_or(column_name = 'id') as has_id, bool_or(column_name = 'shop_id') as has_shop from information_schema.columns where table_schema = '${center.name}' group by table_name order by table_name`),
  )) as unknown as { table_name: string; has_id: boolean; has_shop: boolean }[];
  const parts: unknown[] = [];
  for (const table of rowsOf<{ table_name: string; has_id: boolean; has_shop: boolean }>(tables)) {
    const name = `"${center.name}"."${table.table_name}"`;
    if (table.has_id && ids.length) parts.push(rowsOf(await center.db.execute(sql.raw(`select * from ${name} where id::text in (${ids.map((i) => `'${i.replace(/'/g, "''")}'`).join(',')}) order by id`))));
    if (table.has_shop) parts.push(rowsOf(await center.db.execute(sql.raw(`select count(*)::int as n from ${name} where shop_id = '${s.shopA}'`))));
  }
  return JSON.stringify(parts, (_, v) => (typeof v === 'bigint' ? v.toString() : v));
}

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : ((result as { rows?: T[] }).rows ?? [])) as T[];
}

describe('mutations naming A’s rows', () => {
  for (const role of ['merchantB', 'analyst'] as const) {
    it(`${role}: every mutation whose input names an id of A changes nothing of A`, async () => {
      const problems: string[] = [];
      let covered = 0;
      for (const center of centers()) {
        const mutationType = center.schema.getMutationType();
        if (!mutationType) continue;
        for (const field of Object.values(mutationType.getFields())) {
          const payloadType = getNamedType(field.type) as GraphQLObjectType;
          // `input.id` names the mutation's subject: the type its payload returns, or its name's noun.
          const subject =
            Object.values(isObjectType(payloadType) ? payloadType.getFields() : {})
              .map((f) => getNamedType(f.type).name)
              .find((n) => FIXTURES[n]) ?? Object.keys(FIXTURES).find((n) => field.name.endsWith(n));
          const idFor = (name: string | undefined) => hiddenSample(role === 'analyst' ? 'merchantB' : role, name ?? subject);
          const { variables, declared, passed } = argsFor(field.args, idFor, true);
          const used = JSON.stringify(variables).match(/"[a-z]{2,4}_[0-9A-Z]{20,}"/g)?.map((m) => m.slice(1, -1)) ?? [];
          if (!used.length) continue;
          covered++;
          const before = await footprint(center, used);
          const res = await direct(center, tokens[role], `mutation${declared} { ${field.name}${passed} { __typename } }`, variables);
          const after = await footprint(center, used);
          if (before !== after) problems.push(`${center.name}.${field.name} changed A's rows for ${role}: ${JSON.stringify(res)}`);
        }
      }
      expect(problems).toEqual([]);
      expect(covered).toBeGreaterThan(30);
    });
  }

  it('a shop’s coupon template or promotion names only its own SKUs; a platform one any', async () => {
    const [skuA] = await buyableSkus(t, s.shopA, 1);
    const window = { claimableFrom: new Date().toISOString(), claimableUntil: new Date(Date.now() + 86_400_000).toISOString() };
    const TEMPLATE = 'mutation($input: CreateCouponTemplateInput!) { createCouponTemplate(input: $input) { couponTemplate { id } userErrors { field code } } }';
    const input = { name: '满10减1', kind: 'THRESHOLD', amountOff: { amount: '1.00', currencyCode: 'CNY' }, minSpend: { amount: '10.00', currencyCode: 'CNY' }, scope: 'SKUS', scopeIds: [skuA!.id], validDays: 7, totalQuantity: 10, ...window };
    const foreign = await t.gql<{ createCouponTemplate: { couponTemplate: null; userErrors: { field: string[]; code: string }[] } }>(TEMPLATE, { input }, t.tokens.merchantB);
    expect(foreign.data!.createCouponTemplate).toEqual({ couponTemplate: null, userErrors: [{ field: ['input', 'scopeIds', '0'], code: 'INVALID' }] });
    const own = await t.gql<{ createCouponTemplate: { couponTemplate: { id: string } | null } }>(TEMPLATE, { input }, t.tokens.merchantA);
    expect(own.data!.createCouponTemplate.couponTemplate?.id).toBeTruthy();
    const platform = await t.gql<{ createCouponTemplate: { couponTemplate: { id: string } | null } }>(TEMPLATE, { input }, t.tokens.admin);
    expect(platform.data!.createCouponTemplate.couponTemplate?.id).toBeTruthy();

    const PROMOTION = 'mutation($input: CreatePromotionInput!) { createPromotion(input: $input) { promotion { id } userErrors { field code } } }';
    const promotion = { name: '9折', kind: 'PERCENT_OFF', percentOff: 90, scope: 'SKUS', scopeIds: [skuA!.id, 'sku_01HK153X0000000000000ZZZZZ'], startsAt: window.claimableFrom, endsAt: window.claimableUntil };
    const refused = await t.gql<{ createPromotion: { promotion: null; userErrors: { field: string[]; code: string }[] } }>(PROMOTION, { input: promotion }, t.tokens.merchantB);
    expect(refused.data!.createPromotion.userErrors).toEqual([
      { field: ['input', 'scopeIds', '0'], code: 'INVALID' },
      { field: ['input', 'scopeIds', '1'], code: 'NOT_FOUND' },
    ]);
  });
});
