import { buildSubgraphSchema } from '@apollo/subgraph';
import { eq, sql } from 'drizzle-orm';
import { pgSchema, varchar } from 'drizzle-orm/pg-core';
import { execute, parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyEntityScopes,
  assertCan,
  callerMember,
  can,
  canReadEntity,
  loadScoped,
  memberForWrite,
  readableRows,
  SCOPED_BY_FIELDS,
  scopedWhere,
  shopForWrite,
  tenancy,
  visibleOrNull,
  type Access,
  type Claims,
  type Db,
  type RequestContext,
  type Role,
  type Tenancy,
} from '../src/index.ts';
import { openTestDatabase, type TestDatabase } from '../src/testing.ts';

/**
 * The kit's tenant scoping against real rows (PGlite, or PostgreSQL with DATABASE_URL): every role x access x kind of owner, and
 * the WHERE of a list agreeing with the check of a row for every row of the table.
 */
const schema = pgSchema('scope_test');
const things = schema.table('things', {
  id: varchar('id', { length: 20 }).primaryKey(),
  shopId: varchar('shop_id', { length: 20 }),
  memberId: varchar('member_id', { length: 20 }),
  status: varchar('status', { length: 10 }).notNull(),
});
type Thing = typeof things.$inferSelect;

const SHOP_A = 'shopA';
const SHOP_B = 'shopB';
const MEM_A = 'memA';
const MEM_B = 'memB';

/** One declaration per kind of owner the centers use. */
const DECLARATIONS = {
  shop: tenancy('thing', things, { shop: 'shopId' }),
  platformPrivate: tenancy('thing', things, { shop: 'shopId', platform: 'private' }),
  platformShared: tenancy('thing', things, { shop: 'shopId', platform: 'shared' }),
  privateShop: tenancy('thing', things, { shop: 'shopId', private: true }),
  publicShop: tenancy('thing', things, { shop: 'shopId', public: { row: (r) => r.status === 'OPEN', where: eq(things.status, 'OPEN') } }),
  member: tenancy('thing', things, { member: 'memberId', memberWrites: true }),
  shopAndMember: tenancy('thing', things, { shop: 'shopId', member: 'memberId', memberWrites: true }),
  delivery: tenancy('thing', things, { shop: 'shopId', member: 'memberId' }),
  privateMember: tenancy('thing', things, { shop: 'shopId', member: 'memberId', private: true }),
} satisfies Record<string, Tenancy<Thing>>;
type Kind = keyof typeof DECLARATIONS;

const ROWS: Thing[] = [
  { id: 'a', shopId: SHOP_A, memberId: MEM_A, status: 'DRAFT' },
  { id: 'b', shopId: SHOP_B, memberId: MEM_B, status: 'DRAFT' },
  { id: 'p', shopId: null, memberId: null, status: 'DRAFT' },
  { id: 'bOpen', shopId: SHOP_B, memberId: MEM_B, status: 'OPEN' },
  { id: 'aOfB', shopId: SHOP_A, memberId: MEM_B, status: 'DRAFT' },
];
const row = (id: string) => ROWS.find((r) => r.id === id)!;

type Caller = 'ADMIN' | 'SERVICE' | 'ANALYST' | 'MERCHANT_A' | 'CUSTOMER_A' | 'ANONYMOUS';
const CALLERS: Caller[] = ['ADMIN', 'SERVICE', 'ANALYST', 'MERCHANT_A', 'CUSTOMER_A', 'ANONYMOUS'];
const ACCESSES: Access[] = ['view', 'read', 'private', 'write', 'manage'];
const LETTER: Record<Access, string> = { view: 'v', read: 'r', private: 'p', write: 'w', manage: 'm' };

/**
 * The rule, written out: for a kind of declaration and a row, what each caller may do
 * (v view, r read, p private, w write, m manage). ADMIN and SERVICE may do everything; anonymous nothing.
 */
const EXPECTED: Record<Kind, Record<string, Partial<Record<Caller, string>>>> = {
  shop: {
    a: { ANALYST: 'vr', MERCHANT_A: 'vrpwm' },
    b: { ANALYST: 'vr' },
    p: { ANALYST: 'vr' },
  },
  platformPrivate: {
    a: { ANALYST: 'vr', MERCHANT_A: 'vrpwm' },
    p: { ANALYST: 'vr' },
  },
  platformShared: {
    a: { ANALYST: 'vr', MERCHANT_A: 'vrpwm' },
    b: { ANALYST: 'vr' },
    p: { ANALYST: 'vr', MERCHANT_A: 'vr' },
  },
  privateShop: {
    a: { MERCHANT_A: 'vrpwm' },
    b: {},
  },
  publicShop: {
    a: { ANALYST: 'vr', MERCHANT_A: 'vrpwm' },
    b: { ANALYST: 'vr' },
    bOpen: { ANALYST: 'vr', MERCHANT_A: 'v', CUSTOMER_A: 'v' },
  },
  member: {
    a: { ANALYST: 'vr', CUSTOMER_A: 'vrpw' },
    b: { ANALYST: 'vr' },
  },
  shopAndMember: {
    a: { ANALYST: 'vr', MERCHANT_A: 'vrpwm', CUSTOMER_A: 'vrpw' },
    b: { ANALYST: 'vr' },
    aOfB: { ANALYST: 'vr', MERCHANT_A: 'vrpwm' },
  },
  delivery: {
    a: { ANALYST: 'vr', MERCHANT_A: 'vrpwm', CUSTOMER_A: 'vrp' },
    b: { ANALYST: 'vr' },
  },
  // A service ticket: its customer and its shop read it; analysts do not.
  privateMember: {
    a: { MERCHANT_A: 'vrpwm', CUSTOMER_A: 'vrp' },
    b: {},
    aOfB: { MERCHANT_A: 'vrpwm' },
  },
};

let testDb: TestDatabase;
let db: Db;

function ctxAs(caller: Caller): RequestContext {
  const role: Role | null = caller === 'ANONYMOUS' ? null : (caller.replace(/_A$/, '') as Role);
  const claims: Claims | null = role
    ? {
        subject: caller,
        role,
        shopId: caller === 'MERCHANT_A' ? SHOP_A : null,
        memberId: caller === 'CUSTOMER_A' ? MEM_A : null,
        staffId: null,
        scopes: new Set([role.toLowerCase()]),
      }
    : null;
  return { claims, db } as RequestContext;
}

function codeOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (error) {
    return String((error as { extensions?: { code?: string } }).extensions?.code);
  }
}

beforeAll(async () => {
  testDb = await openTestDatabase();
  db = testDb.database.forCenter('scope_test');
  await db.execute(sql`create schema scope_test`);
  await db.execute(sql`create table scope_test.things (id varchar(20) primary key, shop_id varchar(20), member_id varchar(20), status varchar(10) not null)`);
  await db.insert(things).values(ROWS);
});

afterAll(async () => {
  await testDb?.drop();
});

describe('can / assertCan: every role x access x kind of owner', () => {
  for (const [kind, byRow] of Object.entries(EXPECTED) as [Kind, (typeof EXPECTED)[Kind]][]) {
    it(kind, async () => {
      const scope = DECLARATIONS[kind];
      const stored = await db.select().from(things);
      const found: Record<string, Record<Caller, string>> = {};
      const wanted: Record<string, Record<Caller, string>> = {};
      for (const id of Object.keys(byRow)) {
        const r = stored.find((s) => s.id === id)!;
        found[id] = {} as Record<Caller, string>;
        wanted[id] = {} as Record<Caller, string>;
        for (const caller of CALLERS) {
          const ctx = ctxAs(caller);
          found[id][caller] = ACCESSES.filter((a) => can(ctx, scope, r, a))
            .map((a) => LETTER[a])
            .join('');
          wanted[id][caller] = caller === 'ADMIN' || caller === 'SERVICE' ? 'vrpwm' : (byRow[id]![caller] ?? '');
          // assertCan agrees with can, and says why: UNAUTHENTICATED without a token, FORBIDDEN otherwise.
          for (const access of ACCESSES) {
            const code = codeOf(() => assertCan(ctx, scope, r, access));
            expect(code, `${kind} ${id} ${caller} ${access}`).toBe(
              can(ctx, scope, r, access) ? null : caller === 'ANONYMOUS' ? 'UNAUTHENTICATED' : 'FORBIDDEN',
            );
          }
        }
      }
      expect(found).toEqual(wanted);
    });
  }
});

describe('scopedWhere: a list holds exactly the rows the caller may read', () => {
  for (const kind of Object.keys(DECLARATIONS) as Kind[]) {
    it(kind, async () => {
      const scope = DECLARATIONS[kind];
      for (const caller of CALLERS) {
        const ctx = ctxAs(caller);
        const readable = ROWS.filter((r) => can(ctx, scope, r, 'read'))
          .map((r) => r.id)
          .sort();
        let listed: string[] | string;
        try {
          listed = (await db.select().from(things).where(scopedWhere(ctx, scope))).map((r) => r.id).sort();
        } catch (error) {
          listed = String((error as { extensions?: { code?: string } }).extensions?.code);
        }
        // A role that may read none of the table is refused the list outright.
        expect(listed, `${kind} ${caller}`).toEqual(readable.length ? readable : caller === 'ANONYMOUS' ? 'UNAUTHENTICATED' : 'FORBIDDEN');
      }
    });
  }

  it('narrows to what was asked; a merchant asking for another shop or the platform is refused, not narrowed', async () => {
    const list = async (caller: Caller, scope: Tenancy, filter: Parameters<typeof scopedWhere>[2]) =>
      (
        await db
          .select()
          .from(things)
          .where(scopedWhere(ctxAs(caller), scope, filter))
      )
        .map((r) => r.id)
        .sort();
    expect(await list('ADMIN', DECLARATIONS.shop, { shopId: SHOP_B })).toEqual(['b', 'bOpen']);
    expect(await list('ANALYST', DECLARATIONS.platformPrivate, { platformOnly: true })).toEqual(['p']);
    expect(await list('MERCHANT_A', DECLARATIONS.shop, { shopId: SHOP_A })).toEqual(['a', 'aOfB']);
    // Asking for its own shop leaves out the platform's shared rows it otherwise sees.
    expect(await list('MERCHANT_A', DECLARATIONS.platformShared, {})).toEqual(['a', 'aOfB', 'p']);
    expect(await list('MERCHANT_A', DECLARATIONS.platformShared, { shopId: SHOP_A })).toEqual(['a', 'aOfB']);
    expect(await list('ADMIN', DECLARATIONS.shopAndMember, { memberId: MEM_B })).toEqual(['aOfB', 'b', 'bOpen']);
    expect(codeOf(() => scopedWhere(ctxAs('MERCHANT_A'), DECLARATIONS.shop, { shopId: SHOP_B }))).toBe('FORBIDDEN');
    expect(codeOf(() => scopedWhere(ctxAs('MERCHANT_A'), DECLARATIONS.platformPrivate, { platformOnly: true }))).toBe('FORBIDDEN');
    expect(codeOf(() => scopedWhere(ctxAs('CUSTOMER_A'), DECLARATIONS.member, { memberId: MEM_B }))).toBe('FORBIDDEN');
    expect(codeOf(() => scopedWhere(ctxAs('ANALYST'), DECLARATIONS.privateShop))).toBe('FORBIDDEN');
  });
});

describe('the owner of a new row', () => {
  it('shopForWrite: a merchant its own shop, a platform role the one named or the platform (null); others refused', () => {
    expect(shopForWrite(ctxAs('MERCHANT_A'), DECLARATIONS.shop)).toBe(SHOP_A);
    expect(shopForWrite(ctxAs('MERCHANT_A'), DECLARATIONS.shop, SHOP_A)).toBe(SHOP_A);
    expect(codeOf(() => shopForWrite(ctxAs('MERCHANT_A'), DECLARATIONS.shop, SHOP_B))).toBe('FORBIDDEN');
    expect(shopForWrite(ctxAs('ADMIN'), DECLARATIONS.platformPrivate)).toBeNull();
    expect(shopForWrite(ctxAs('SERVICE'), DECLARATIONS.shop, SHOP_B)).toBe(SHOP_B);
    expect(codeOf(() => shopForWrite(ctxAs('ANALYST'), DECLARATIONS.shop, SHOP_A))).toBe('FORBIDDEN');
    expect(codeOf(() => shopForWrite(ctxAs('ANALYST'), DECLARATIONS.platformPrivate))).toBe('FORBIDDEN');
    expect(codeOf(() => shopForWrite(ctxAs('CUSTOMER_A'), DECLARATIONS.shop, SHOP_A))).toBe('FORBIDDEN');
    expect(codeOf(() => shopForWrite(ctxAs('ANONYMOUS'), DECLARATIONS.shop, SHOP_A))).toBe('UNAUTHENTICATED');
  });

  it('memberForWrite and callerMember: a customer its own account only; platform roles the one named', () => {
    expect(memberForWrite(ctxAs('CUSTOMER_A'), DECLARATIONS.member)).toBe(MEM_A);
    expect(codeOf(() => memberForWrite(ctxAs('CUSTOMER_A'), DECLARATIONS.member, MEM_B))).toBe('FORBIDDEN');
    // A declaration without memberWrites: the customer reads its rows but does not make them.
    expect(codeOf(() => memberForWrite(ctxAs('CUSTOMER_A'), DECLARATIONS.delivery))).toBe('FORBIDDEN');
    expect(memberForWrite(ctxAs('ADMIN'), DECLARATIONS.member, MEM_B)).toBe(MEM_B);
    expect(codeOf(() => memberForWrite(ctxAs('MERCHANT_A'), DECLARATIONS.member, MEM_A))).toBe('FORBIDDEN');
    expect(codeOf(() => memberForWrite(ctxAs('ANALYST'), DECLARATIONS.member, MEM_A))).toBe('FORBIDDEN');
    expect(callerMember(ctxAs('CUSTOMER_A'), DECLARATIONS.member)).toBe(MEM_A);
    expect(codeOf(() => callerMember(ctxAs('ADMIN'), DECLARATIONS.member))).toBe('FORBIDDEN');
  });
});

describe('single rows', () => {
  const load = (id: string) =>
    db
      .select()
      .from(things)
      .where(eq(things.id, id))
      .then((rows) => rows[0] ?? null);

  it('loadScoped: the row, null when missing, FORBIDDEN when another owner’s', async () => {
    expect((await loadScoped(ctxAs('MERCHANT_A'), DECLARATIONS.shop, load('a'), 'read'))?.id).toBe('a');
    expect(await loadScoped(ctxAs('MERCHANT_A'), DECLARATIONS.shop, load('nope'), 'read')).toBeNull();
    await expect(loadScoped(ctxAs('MERCHANT_A'), DECLARATIONS.shop, load('b'), 'read')).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    await expect(loadScoped(ctxAs('ANALYST'), DECLARATIONS.shop, load('a'), 'write')).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
  });

  it('visibleOrNull hides instead of failing', async () => {
    expect(visibleOrNull(ctxAs('CUSTOMER_A'), DECLARATIONS.publicShop, await load('bOpen'))?.id).toBe('bOpen');
    expect(visibleOrNull(ctxAs('CUSTOMER_A'), DECLARATIONS.publicShop, await load('b'))).toBeNull();
    expect(visibleOrNull(ctxAs('CUSTOMER_A'), DECLARATIONS.publicShop, null)).toBeNull();
  });
});

describe('references (canReadEntity)', () => {
  it('view first, then the declaration’s reference rules: public through another row, a member through another row, a shop through its own', async () => {
    const asked: string[] = [];
    const checkout: Tenancy<Thing> = {
      ...DECLARATIONS.member,
      reference: { reachedByShop: async (_, r, shopId) => (asked.push(shopId), shopId === SHOP_B && r.id === 'a') },
    };
    expect(await canReadEntity(ctxAs('MERCHANT_A'), checkout, row('a'))).toBe(false);
    expect(await canReadEntity({ ...ctxAs('MERCHANT_A'), claims: { ...ctxAs('MERCHANT_A').claims!, shopId: SHOP_B } }, checkout, row('a'))).toBe(true);
    expect(await canReadEntity(ctxAs('CUSTOMER_A'), checkout, row('a'))).toBe(true);
    expect(asked).toEqual([SHOP_A, SHOP_B]);

    const refund: Tenancy<Thing> = { ...tenancy('refund', things, {}), reference: { member: async (r) => (r.id === 'b' ? MEM_A : null) } };
    expect(await canReadEntity(ctxAs('CUSTOMER_A'), refund, row('b'))).toBe(true);
    expect(await canReadEntity(ctxAs('CUSTOMER_A'), refund, row('a'))).toBe(false);
    expect(await canReadEntity(ctxAs('ANALYST'), refund, row('a'))).toBe(true);

    const sku: Tenancy<Thing> = { ...DECLARATIONS.shop, reference: { public: async (r) => r.id === 'bOpen' } };
    expect(await canReadEntity(ctxAs('MERCHANT_A'), sku, row('bOpen'))).toBe(true);
    expect(await canReadEntity(ctxAs('MERCHANT_A'), sku, row('b'))).toBe(false);
    expect(await canReadEntity(ctxAs('ANONYMOUS'), sku, row('bOpen'))).toBe(false);
    expect(await canReadEntity(ctxAs('ANALYST'), DECLARATIONS.privateShop, row('a'))).toBe(false);
  });

  it('readableRows keeps the readable rows of a nested list, in order', async () => {
    const ids = (await readableRows(ctxAs('MERCHANT_A'), DECLARATIONS.shopAndMember, ROWS)).map((r) => r.id);
    expect(ids).toEqual(['a', 'aOfB']);
  });
});

describe('applyEntityScopes', () => {
  const typeDefs = parse(`
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
    type Query { ping: Int }
    type Thing @key(fields: "id") { id: ID! shopId: ID }
    type Sku @key(fields: "id") { id: ID! stock: Int }
    type Shop @key(fields: "id", resolvable: false) { id: ID! }
  `);
  const subgraph = () =>
    buildSubgraphSchema({
      typeDefs,
      resolvers: { Thing: { __resolveReference: (ref: { id: string }) => ROWS.find((r) => r.id === ref.id) ?? null } } as never,
    });
  const entities = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Thing { id shopId } } }`;

  it('refuses an undeclared entity type at start-up, naming it', () => {
    expect(() => applyEntityScopes(subgraph(), 'test', { Thing: DECLARATIONS.shop })).toThrow(/entity Sku declares no scope/);
  });

  it("answers another shop's row with null and the owner's with the row", async () => {
    const scoped = applyEntityScopes(subgraph(), 'test', { Thing: DECLARATIONS.shop, Sku: SCOPED_BY_FIELDS });
    const run = async (caller: Caller) =>
      (await execute({ schema: scoped, document: parse(entities), variableValues: { r: [{ __typename: 'Thing', id: 'a' }] }, contextValue: ctxAs(caller) }))
        .data?._entities;
    expect(await run('MERCHANT_A')).toEqual([{ id: 'a', shopId: SHOP_A }]);
    expect(await run('CUSTOMER_A')).toEqual([null]);
    expect(await run('ANONYMOUS')).toEqual([null]);
  });
});
