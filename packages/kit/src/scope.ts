import { and, eq, isNull, or, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { isObjectType, valueFromASTUntyped, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import type { Claims } from './auth/claims.ts';
import type { RequestContext } from './context.ts';
import { forbidden, unauthenticated } from './errors.ts';

/**
 * Tenant scoping, in one place. Each center declares once per table or entity who owns a row
 * (`tenancy(...)`: which column is the shop, which the member, whether a null shop is the
 * platform's, which rows are public, whether reads are private); the kit derives from that
 * declaration the WHERE of a list (`scopedWhere`), the check of a row (`can`, `assertCan`,
 * `loadScoped`), the owner of a new row (`shopForWrite`, `memberForWrite`) and the check of every
 * `__resolveReference` (`applyEntityScopes`). No center compares shop ids or switches on the role.
 *
 * Roles: ADMIN and SERVICE reach every row; ANALYST reads every row that is not private and
 * changes nothing; a MERCHANT reads and changes its own shop's rows; a CUSTOMER reads its own
 * member rows (and changes them where the declaration allows); anyone signed in reads public rows.
 *
 * Access, from the least to the most:
 *  - `view`: what a reference or a storefront shows: public rows too;
 *  - `read`: the back office's read of the row's owners (public rows are not the reader's own);
 *  - `private`: kept from analysts (cost prices, suppliers): platform and owners only;
 *  - `write`: changing the row: ADMIN, SERVICE, the owning shop, and the owning member where the
 *    declaration says `memberWrites` (a customer cancels its own order);
 *  - `manage`: the shop side's changes only, never the member's (a merchant's remark on an order).
 */
export type Access = 'view' | 'read' | 'private' | 'write' | 'manage';

type Maybe<T> = T | Promise<T>;
type ColumnKey<T extends PgTable> = { [K in keyof T['_']['columns']]: K }[keyof T['_']['columns']] & string;

/** How a center declares the owners of a table's rows. Keys name the table's columns. */
export interface TenancyDeclaration<T extends PgTable, Row> {
  /** The column holding the shop that owns a row. */
  shop?: ColumnKey<T>;
  /** The column holding the member (customer) a row belongs to. */
  member?: ColumnKey<T>;
  /**
   * Rows with a null shop are the platform's (a platform warehouse, a platform coupon):
   * `private` to the platform roles, or `shared`: merchants read them as well (they may store goods there).
   */
  platform?: 'private' | 'shared';
  /** Reads are `private`: kept from analysts too. */
  private?: boolean;
  /** Rows any signed-in caller may `view` (an ON_SALE product), with the same test as SQL for lists. */
  public?: { row: (row: Row) => boolean; where?: SQL };
  /** The owning member may change its rows (`write`). */
  memberWrites?: boolean;
  /** Reference-only extras, asked by `applyEntityScopes` when the row's own columns do not decide. */
  reference?: ReferenceScope<Row>;
}

export interface ReferenceScope<Row> {
  /** Public through another row (a SKU through its product). */
  public?: (row: Row, ctx: RequestContext) => Maybe<boolean>;
  /** The member a row belongs to through another row (a refund through its payment). */
  member?: (row: Row, ctx: RequestContext) => Maybe<string | null>;
  /** A shop that reaches a row only through something of its own (a buyer through the shop's orders). */
  reachedByShop?: (ctx: RequestContext, row: Row, shopId: string) => Promise<boolean>;
}

/** A declared owner rule of one entity: built by `tenancy`, used by every check below. */
export interface Tenancy<Row = any> {
  readonly name: string;
  readonly table: PgTable | null;
  readonly shopColumn: PgColumn | null;
  readonly memberColumn: PgColumn | null;
  readonly shopOf: (row: Row) => string | null | undefined;
  readonly memberOf: (row: Row) => string | null | undefined;
  readonly platform: 'none' | 'private' | 'shared';
  readonly private: boolean;
  readonly isPublic: (row: Row) => boolean;
  readonly publicWhere: SQL | undefined;
  readonly memberWrites: boolean;
  readonly reference: ReferenceScope<Row>;
}

/** Declares who owns the rows of `table` (`name` is the entity's word, used in messages). */
export function tenancy<T extends PgTable, Row = T['$inferSelect']>(name: string, table: T, declaration: TenancyDeclaration<T, Row>): Tenancy<Row> {
  const columns = table as unknown as Record<string, PgColumn>;
  const column = (key: string | undefined) => {
    if (!key) return null;
    const found = columns[key];
    if (!found) throw new Error(`tenancy ${name}: no column ${key}`);
    return found;
  };
  return Object.freeze({
    name,
    table,
    shopColumn: column(declaration.shop),
    memberColumn: column(declaration.member),
    shopOf: (row: Row) => (declaration.shop ? ((row as Record<string, unknown>)[declaration.shop] as string | null) : undefined),
    memberOf: (row: Row) => (declaration.member ? ((row as Record<string, unknown>)[declaration.member] as string | null) : undefined),
    platform: declaration.platform ?? 'none',
    private: declaration.private ?? false,
    isPublic: declaration.public?.row ?? (() => false),
    publicWhere: declaration.public?.where,
    memberWrites: declaration.memberWrites ?? false,
    reference: declaration.reference ?? {},
  });
}

/** An entity with no table of its own (the platform's carriers): only `public` and reference rules. */
export function tenancyOf<Row>(
  name: string,
  declaration: { public?: (row: Row) => boolean; private?: boolean; reference?: ReferenceScope<Row> },
): Tenancy<Row> {
  return Object.freeze({
    name,
    table: null,
    shopColumn: null,
    memberColumn: null,
    shopOf: () => undefined,
    memberOf: () => undefined,
    platform: 'none' as const,
    private: declaration.private ?? false,
    isPublic: declaration.public ?? (() => false),
    publicWhere: undefined,
    memberWrites: false,
    reference: declaration.reference ?? {},
  });
}

function requireClaims(ctx: RequestContext): Claims {
  if (!ctx.claims) throw unauthenticated();
  return ctx.claims;
}

const isPlatformRole = (claims: Claims) => claims.role === 'ADMIN' || claims.role === 'SERVICE';

/** Who owns one row: `undefined` where the table has no such column. */
interface Owners {
  shopId: string | null | undefined;
  memberId: string | null | undefined;
  isPublic: boolean;
}

const ownersOf = <Row>(scope: Tenancy<Row>, row: Row): Owners => ({ shopId: scope.shopOf(row), memberId: scope.memberOf(row), isPublic: scope.isPublic(row) });

/** Why the caller may not `access` a row of these owners, or null: the message of the FORBIDDEN. */
function refusal(claims: Claims, scope: Tenancy, { shopId, memberId, isPublic }: Owners, access: Access): string | null {
  if (isPlatformRole(claims)) return null;
  if (access === 'view' && isPublic) return null;
  const effective: Access = (access === 'view' || access === 'read') && scope.private ? 'private' : access;
  const platformRow = scope.shopColumn !== null && shopId === null && scope.platform !== 'none';
  switch (claims.role) {
    case 'ANALYST':
      if (effective === 'view' || effective === 'read') return null;
      return effective === 'private' ? `This ${scope.name} is private to its owner` : 'Analysts have read-only access';
    case 'MERCHANT':
      if (shopId != null && shopId === claims.shopId) return null;
      if (platformRow)
        return scope.platform === 'shared' && (effective === 'view' || effective === 'read') ? null : `This ${scope.name} belongs to the platform`;
      return shopId != null ? `This ${scope.name} belongs to another shop` : `This ${scope.name} is not available to merchants`;
    case 'CUSTOMER': {
      if (memberId == null) return `This ${scope.name} is not available to customers`;
      if (memberId !== claims.memberId) return `This ${scope.name} belongs to another customer`;
      // The owning member is an owner: a private row (kept from analysts) is still theirs to read.
      if (effective === 'view' || effective === 'read' || effective === 'private') return null;
      if (effective === 'write' && scope.memberWrites) return null;
      return `This ${scope.name} is changed by its shop or the platform only`;
    }
    default:
      return `This ${scope.name} is not available to this role`;
  }
}

/** Whether the caller may `access` `row` of `scope` (no claims: no). */
export function can<Row>(ctx: RequestContext, scope: Tenancy<Row>, row: Row, access: Access): boolean {
  return ctx.claims !== null && refusal(ctx.claims, scope, ownersOf(scope, row), access) === null;
}

/** Throws UNAUTHENTICATED without claims, FORBIDDEN unless the caller may `access` `row`. */
export function assertCan<Row>(ctx: RequestContext, scope: Tenancy<Row>, row: Row, access: Access): void {
  const why = refusal(requireClaims(ctx), scope, ownersOf(scope, row), access);
  if (why !== null) throw forbidden(why);
}

/**
 * Loads a row with `load` (the center's batched loader) and checks it: missing is null, another
 * owner's is FORBIDDEN (a lookup by id says that it exists; lists and references hide it instead).
 */
export async function loadScoped<Row>(ctx: RequestContext, scope: Tenancy<Row>, load: Promise<Row | null>, access: Access): Promise<Row | null> {
  const row = await load;
  if (row) assertCan(ctx, scope, row, access);
  return row;
}

/** The row if the caller may `access` it, else null (a nested or referenced row hides, never fails). */
export function visibleOrNull<Row>(ctx: RequestContext, scope: Tenancy<Row>, row: Row | null | undefined, access: Access = 'view'): Row | null {
  return row && can(ctx, scope, row, access) ? row : null;
}

/** What the client asked a list to be narrowed to. */
export interface OwnerFilter {
  shopId?: string | null;
  memberId?: string | null;
  /** Only the platform's rows (shop null). */
  platformOnly?: boolean | null;
}

/**
 * The WHERE condition that limits a list of `scope`'s table to what the caller may read, and to
 * what it asked for. A merchant asking for another shop, or for the platform's rows, is refused,
 * not silently narrowed; undefined means no condition (a platform role asking for everything).
 */
export function scopedWhere(ctx: RequestContext, scope: Tenancy, requested: OwnerFilter = {}): SQL | undefined {
  const claims = requireClaims(ctx);
  const { shopColumn, memberColumn } = scope;
  const asked: SQL[] = [];
  if (requested.platformOnly) {
    if (!shopColumn || scope.platform === 'none') throw forbidden(`A ${scope.name} has no platform rows`);
    asked.push(isNull(shopColumn));
  }
  // A merchant's own-shop condition already says which shop.
  if (requested.shopId && claims.role !== 'MERCHANT') {
    if (!shopColumn) throw forbidden(`A ${scope.name} has no shop`);
    asked.push(eq(shopColumn, requested.shopId));
  }
  if (requested.memberId) {
    if (!memberColumn) throw forbidden(`A ${scope.name} has no member`);
    asked.push(eq(memberColumn, requested.memberId));
  }
  const narrowed = (own: SQL | undefined) => and(own, ...asked);
  switch (claims.role) {
    case 'ADMIN':
    case 'SERVICE':
      return narrowed(undefined);
    case 'ANALYST':
      if (scope.private) throw forbidden(`${scope.name} data is private to its owner`);
      return narrowed(undefined);
    case 'MERCHANT': {
      if (!shopColumn) throw forbidden(`A ${scope.name} is not available to merchants`);
      if (requested.platformOnly) throw forbidden('Platform rows are not available to merchants');
      if (requested.shopId && requested.shopId !== claims.shopId) throw forbidden(`This ${scope.name} belongs to another shop`);
      const own = eq(shopColumn, claims.shopId!);
      const shared = scope.platform === 'shared' && !requested.shopId ? or(own, isNull(shopColumn)) : own;
      return narrowed(shared);
    }
    case 'CUSTOMER':
      if (!memberColumn) throw forbidden(`A ${scope.name} is not available to customers`);
      if (requested.memberId && requested.memberId !== claims.memberId) throw forbidden(`This ${scope.name} belongs to another customer`);
      return narrowed(eq(memberColumn, claims.memberId!));
    default:
      throw forbidden(`A ${scope.name} is not available to this role`);
  }
}

/** The condition of the public rows of `scope` for anyone signed in (a storefront's list). */
export function publicWhere(ctx: RequestContext, scope: Tenancy): SQL {
  requireClaims(ctx);
  if (!scope.publicWhere) throw forbidden(`A ${scope.name} has no public rows`);
  return scope.publicWhere;
}

/**
 * The shop a new row of `scope` belongs to: a merchant's own shop (another is FORBIDDEN), or the
 * one a platform role names; null for the platform's own row, where the table has them.
 */
export function shopForWrite(ctx: RequestContext, scope: Tenancy, requested?: string | null): string | null {
  const claims = requireClaims(ctx);
  const shopId = claims.role === 'MERCHANT' ? (requested ?? claims.shopId) : (requested ?? null);
  if (shopId === null && isPlatformRole(claims)) return null;
  const why = refusal(claims, scope, { shopId, memberId: undefined, isPublic: false }, 'write');
  if (why !== null) throw forbidden(why);
  return shopId;
}

/** The member a new row of `scope` belongs to: a customer's own account, or the one a platform role names. */
export function memberForWrite(ctx: RequestContext, scope: Tenancy, requested?: string | null): string | null {
  const claims = requireClaims(ctx);
  if (claims.role === 'CUSTOMER') {
    if (requested && requested !== claims.memberId) throw forbidden(`A customer changes only its own ${scope.name}`);
    const why = refusal(claims, scope, { shopId: undefined, memberId: claims.memberId, isPublic: false }, 'write');
    if (why !== null) throw forbidden(why);
    return claims.memberId;
  }
  if (isPlatformRole(claims)) return requested ?? null;
  throw forbidden(`A ${scope.name} of a member is not changed by this role`);
}

/** Whether the caller acts for the platform itself (an operator, or another center): no tenant narrows it. */
export function isPlatform(ctx: RequestContext): boolean {
  return ctx.claims !== null && isPlatformRole(ctx.claims);
}

/** The platform's own acts (an operator's final word, reviewing a product, an internal note): FORBIDDEN to anyone else. */
export function assertPlatform(ctx: RequestContext, why: string): void {
  if (!isPlatformRole(requireClaims(ctx))) throw forbidden(why);
}

/** The member the caller is, for rows only a customer has of its own (its payments). */
export function callerMember(ctx: RequestContext, scope: Tenancy): string {
  const claims = requireClaims(ctx);
  if (claims.role !== 'CUSTOMER' || !claims.memberId) throw forbidden(`Only a signed-in customer has a ${scope.name} of its own`);
  return claims.memberId;
}

/**
 * An entity this center only extends with fields (another center's Order, Sku, Supplier): the
 * reference carries nothing but the id, and each of its fields scopes what it returns itself.
 */
export const SCOPED_BY_FIELDS = Object.freeze({ byFields: true as const });
export type EntityScopeDeclaration = Tenancy | typeof SCOPED_BY_FIELDS;

export function isScopedByFields(scope: EntityScopeDeclaration): scope is typeof SCOPED_BY_FIELDS {
  return 'byFields' in scope;
}

/** Whether the caller may see `row` reached by reference: `view`, then the declaration's reference rules. */
export async function canReadEntity<Row>(ctx: RequestContext, scope: Tenancy<Row>, row: Row): Promise<boolean> {
  const claims = ctx.claims;
  if (!claims) return false;
  if (can(ctx, scope, row, 'view')) return true;
  const { reference } = scope;
  if (reference.public && (await reference.public(row, ctx))) return true;
  if (claims.role === 'CUSTOMER' && reference.member) {
    const memberId = await reference.member(row, ctx);
    return memberId != null && memberId === claims.memberId;
  }
  if (claims.role === 'MERCHANT' && reference.reachedByShop && claims.shopId) return reference.reachedByShop(ctx, row, claims.shopId);
  return false;
}

/** Rows of a nested list the caller may see, in their order (a list never fails for one row). */
export async function readableRows<Row>(ctx: RequestContext, scope: Tenancy<Row>, rows: readonly Row[]): Promise<Row[]> {
  const readable = await Promise.all(rows.map((row) => canReadEntity(ctx, scope, row)));
  return rows.filter((_, i) => readable[i]);
}
/** The entity types a subgraph schema resolves (`@key` without `resolvable: false`). */
export function resolvableEntityTypes(schema: GraphQLSchema): GraphQLObjectType[] {
  return Object.values(schema.getTypeMap()).filter((type): type is GraphQLObjectType => {
    if (!isObjectType(type) || type.name.startsWith('__')) return false;
    const keys = [type.astNode, ...type.extensionASTNodes].flatMap((n) => n?.directives ?? []).filter((d) => d.name.value === 'key');
    return keys.some((key) => {
      const resolvable = key.arguments?.find((a) => a.name.value === 'resolvable');
      return !resolvable || valueFromASTUntyped(resolvable.value) !== false;
    });
  });
}

type ReferenceResolver = (reference: unknown, ctx: RequestContext, info: unknown) => unknown;

/**
 * Applies each entity's declared scope to its `__resolveReference`: a row the caller may not read
 * resolves to null. Every resolvable entity must be declared: forgetting one is a start-up error.
 */
export function applyEntityScopes(schema: GraphQLSchema, center: string, scopes: Record<string, EntityScopeDeclaration>): GraphQLSchema {
  for (const type of resolvableEntityTypes(schema)) {
    const scope = scopes[type.name];
    if (!scope) throw new Error(`${center}: entity ${type.name} declares no scope (entityScopes in its center definition)`);
    if (isScopedByFields(scope)) continue;
    // Where @apollo/subgraph keeps `__resolveReference`; a type without one resolves to the representation.
    const extensions = type.extensions as { apollo?: { subgraph?: { resolveReference?: ReferenceResolver } } };
    const holder = ((extensions.apollo ??= {}).subgraph ??= {});
    const inner: ReferenceResolver = holder.resolveReference ?? ((reference) => reference);
    holder.resolveReference = async (reference, ctx, info) => {
      const row = await inner(reference, ctx, info);
      if (row === null || row === undefined) return row ?? null;
      return (await canReadEntity(ctx, scope, row)) ? row : null;
    };
  }
  for (const name of Object.keys(scopes)) {
    if (!resolvableEntityTypes(schema).some((t) => t.name === name)) throw new Error(`${center}: entityScopes names ${name}, which it does not resolve`);
  }
  return schema;
}
