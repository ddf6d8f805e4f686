import { buildSubgraphSchema } from '@apollo/subgraph';
import { execute, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { applyEntityScopes, canReadEntity, readableRows, SCOPED_BY_FIELDS, type Claims, type EntityScope, type RequestContext, type Role } from '../src/index.ts';

function ctxAs(role: Role | null, ids: { shopId?: string; memberId?: string } = {}): RequestContext {
  const claims: Claims | null = role ? { subject: 't', role, shopId: ids.shopId ?? null, memberId: ids.memberId ?? null, staffId: null, scopes: new Set([role.toLowerCase()]) } : null;
  return { claims } as RequestContext;
}

interface Row {
  id: string;
  shopId: string | null;
  memberId: string;
  open?: boolean;
}
const order: EntityScope<Row> = { shop: (r) => r.shopId, member: (r) => r.memberId, public: (r) => r.open === true };
const rowA: Row = { id: 'o1', shopId: 'shopA', memberId: 'memA' };

describe('canReadEntity', () => {
  it('admits the owning shop, the owning member and platform roles; refuses everyone else', async () => {
    expect(await canReadEntity(ctxAs('MERCHANT', { shopId: 'shopA' }), order, rowA)).toBe(true);
    expect(await canReadEntity(ctxAs('MERCHANT', { shopId: 'shopB' }), order, rowA)).toBe(false);
    expect(await canReadEntity(ctxAs('CUSTOMER', { memberId: 'memA' }), order, rowA)).toBe(true);
    expect(await canReadEntity(ctxAs('CUSTOMER', { memberId: 'memB' }), order, rowA)).toBe(false);
    expect(await canReadEntity(ctxAs('ADMIN'), order, rowA)).toBe(true);
    expect(await canReadEntity(ctxAs('SERVICE'), order, rowA)).toBe(true);
    expect(await canReadEntity(ctxAs('ANALYST'), order, rowA)).toBe(true);
    expect(await canReadEntity(ctxAs('ANALYST'), { ...order, access: 'private' }, rowA)).toBe(false);
    expect(await canReadEntity(ctxAs(null), order, rowA)).toBe(false);
  });

  it('public rows are for anyone signed in; platform rows (no shop) for platform roles only', async () => {
    expect(await canReadEntity(ctxAs('CUSTOMER', { memberId: 'memB' }), order, { ...rowA, open: true })).toBe(true);
    expect(await canReadEntity(ctxAs(null), order, { ...rowA, open: true })).toBe(false);
    expect(await canReadEntity(ctxAs('MERCHANT', { shopId: 'shopA' }), order, { ...rowA, shopId: null })).toBe(false);
  });

  it('asks reachedByShop only for a merchant the owner fields refuse', async () => {
    const asked: string[] = [];
    const checkout: EntityScope<Row> = { member: (r) => r.memberId, reachedByShop: async (_, r, shopId) => (asked.push(shopId), shopId === 'shopB') };
    expect(await canReadEntity(ctxAs('MERCHANT', { shopId: 'shopB' }), checkout, rowA)).toBe(true);
    expect(await canReadEntity(ctxAs('MERCHANT', { shopId: 'shopC' }), checkout, rowA)).toBe(false);
    expect(await canReadEntity(ctxAs('CUSTOMER', { memberId: 'memA' }), checkout, rowA)).toBe(true);
    expect(asked).toEqual(['shopB', 'shopC']);
  });

  it('readableRows keeps the readable rows of a nested list, in order', async () => {
    const rows = [rowA, { ...rowA, id: 'o2', shopId: 'shopB' }, { ...rowA, id: 'o3' }];
    expect((await readableRows(ctxAs('MERCHANT', { shopId: 'shopA' }), order, rows)).map((r) => r.id)).toEqual(['o1', 'o3']);
  });
});

describe('applyEntityScopes', () => {
  const typeDefs = parse(`
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
    type Query { ping: Int }
    type Order @key(fields: "id") { id: ID! shopId: ID }
    type Sku @key(fields: "id") { id: ID! stock: Int }
    type Shop @key(fields: "id", resolvable: false) { id: ID! }
  `);
  const rows: Record<string, Row> = { o1: rowA };
  const schema = () =>
    buildSubgraphSchema({ typeDefs, resolvers: { Order: { __resolveReference: (ref: { id: string }) => rows[ref.id] ?? null } } as never });
  const entities = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Order { id shopId } } }`;

  it('refuses an undeclared entity type at start-up, naming it', () => {
    expect(() => applyEntityScopes(schema(), 'test', { Order: order })).toThrow(/entity Sku declares no scope/);
  });

  it("answers another shop's row with null and the owner's with the row", async () => {
    const scoped = applyEntityScopes(schema(), 'test', { Order: order, Sku: SCOPED_BY_FIELDS });
    const run = async (ctx: RequestContext) =>
      (await execute({ schema: scoped, document: parse(entities), variableValues: { r: [{ __typename: 'Order', id: 'o1' }] }, contextValue: ctx })).data?._entities;
    expect(await run(ctxAs('MERCHANT', { shopId: 'shopB' }))).toEqual([null]);
    expect(await run(ctxAs('MERCHANT', { shopId: 'shopA' }))).toEqual([{ id: 'o1', shopId: 'shopA' }]);
  });
});
