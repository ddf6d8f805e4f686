import { eq, isNull, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { isObjectType, valueFromASTUntyped, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import type { RequestContext } from './context.ts';
import { forbidden, unauthenticated } from './errors.ts';

/**
 * Merchant scoping, in one place. Platform roles (ADMIN, SERVICE) see every shop and ANALYST
 * reads every shop; a MERCHANT sees and changes only the shop named in its token. Centers never
 * compare shop ids themselves: they ask here.
 */
export type Access = 'read' | 'write' | 'private';

function requireClaims(ctx: RequestContext) {
  if (!ctx.claims) throw unauthenticated();
  return ctx.claims;
}

/**
 * Throws FORBIDDEN unless the caller may `access` data of `shopId`. `private` is data a shop keeps
 * to itself and the platform even from analysts (cost prices, margins): ADMIN, SERVICE and the
 * shop's own MERCHANT only.
 */
export function assertShopAccess(ctx: RequestContext, shopId: string, access: Access): void {
  const claims = requireClaims(ctx);
  switch (claims.role) {
    case 'ADMIN':
    case 'SERVICE':
      return;
    case 'ANALYST':
      if (access === 'read') return;
      throw forbidden(access === 'private' ? 'This is private to the shop' : 'Analysts have read-only access');
    case 'MERCHANT':
      if (claims.shopId === shopId) return;
      throw forbidden('This belongs to another shop');
    default:
      throw forbidden('Shop data is not available to this role');
  }
}

export function canAccessShop(ctx: RequestContext, shopId: string, access: Access): boolean {
  try {
    assertShopAccess(ctx, shopId, access);
    return true;
  } catch {
    return false;
  }
}

/**
 * The WHERE condition that limits a list to what the caller may read. `requested` is the shop
 * filter the client asked for: a merchant asking for another shop is refused, not silently
 * narrowed.
 */
export function shopCondition(ctx: RequestContext, column: PgColumn, requested?: string | null): SQL | undefined {
  const claims = requireClaims(ctx);
  if (claims.role === 'MERCHANT') {
    if (requested && requested !== claims.shopId) throw forbidden('This belongs to another shop');
    return eq(column, claims.shopId!);
  }
  if (claims.role === 'ADMIN' || claims.role === 'SERVICE' || claims.role === 'ANALYST') {
    return requested ? eq(column, requested) : undefined;
  }
  throw forbidden('Shop data is not available to this role');
}

/** The shop a write acts on: a merchant's own shop, or the one an admin names. */
export function shopForWrite(ctx: RequestContext, requested?: string | null): string | null {
  const claims = requireClaims(ctx);
  const shopId = claims.role === 'MERCHANT' ? (requested ?? claims.shopId) : requested;
  if (!shopId) return null;
  assertShopAccess(ctx, shopId, 'write');
  return shopId;
}

/**
 * Data that belongs to a customer (their orders, payments, coupons): the CUSTOMER whose token
 * names the member, and the platform roles. Merchants reach a customer's data only through
 * their shop (check that with assertShopAccess on the row's shop).
 */
export function isOwnMember(ctx: RequestContext, memberId: string): boolean {
  const claims = requireClaims(ctx);
  return claims.role === 'CUSTOMER' && claims.memberId === memberId;
}

/** Reads of something that belongs to both a shop and a member (an order). */
export function assertShopOrMemberAccess(ctx: RequestContext, row: { shopId: string; memberId: string }, access: Access): void {
  const claims = requireClaims(ctx);
  if (claims.role === 'CUSTOMER') {
    if (claims.memberId === row.memberId) return;
    throw forbidden('This belongs to another customer');
  }
  assertShopAccess(ctx, row.shopId, access);
}

/**
 * Access to something owned by a shop or by the platform (`ownerShopId` null, e.g. a platform
 * warehouse): platform things are read by platform roles and changed by ADMIN and SERVICE only.
 */
export function assertOwnerAccess(ctx: RequestContext, ownerShopId: string | null, access: Access): void {
  if (ownerShopId) return assertShopAccess(ctx, ownerShopId, access);
  const claims = requireClaims(ctx);
  if (claims.role === 'ADMIN' || claims.role === 'SERVICE') return;
  if (claims.role === 'ANALYST' && access === 'read') return;
  throw forbidden(claims.role === 'ANALYST' ? 'Analysts have read-only access' : 'This belongs to the platform');
}

export function canAccessOwner(ctx: RequestContext, ownerShopId: string | null, access: Access): boolean {
  try {
    assertOwnerAccess(ctx, ownerShopId, access);
    return true;
  } catch {
    return false;
  }
}

/**
 * `shopCondition` for tables whose rows may belong to the platform (shop null): a merchant sees its
 * own shop's rows; platform roles see everything, or only platform rows with `platformOnly`.
 */
export function ownerCondition(ctx: RequestContext, column: PgColumn, requested?: string | null, platformOnly?: boolean | null): SQL | undefined {
  const claims = requireClaims(ctx);
  if (platformOnly) {
    if (claims.role === 'MERCHANT') throw forbidden('Platform rows are not available to merchants');
    return isNull(column);
  }
  return shopCondition(ctx, column, requested);
}

/**
 * Who owns the rows of an entity type, declared once per type by the center that resolves it.
 * The kit applies it to every `__resolveReference` (`_entities`), so a subgraph reached directly
 * answers an entity only to a caller the row's owner admits, whatever the resolver does.
 */
export interface EntityScope<Row = any> {
  /** The shop a row belongs to; null: the platform's (read by platform roles only). */
  shop?: (row: Row, ctx: RequestContext) => string | null | Promise<string | null>;
  /** The member (customer) a row belongs to. */
  member?: (row: Row, ctx: RequestContext) => string | null | Promise<string | null>;
  /** Rows any signed-in caller may read (an ON_SALE product, a shop's public profile, a carrier). */
  public?: (row: Row, ctx: RequestContext) => boolean | Promise<boolean>;
  /** `private`: kept even from analysts (see Access). Default `read`. */
  access?: Exclude<Access, 'write'>;
  /**
   * A shop that reaches a row only through something of its own (a checkout through its order in
   * it, a buyer through the shop's orders). Asked only for a MERCHANT the fields above refuse.
   */
  reachedByShop?: (ctx: RequestContext, row: Row, shopId: string) => Promise<boolean>;
}

/**
 * An entity this center only extends with fields (another center's Order, Sku, Supplier): the
 * reference carries nothing but the id, and each of its fields scopes what it returns itself.
 */
export const SCOPED_BY_FIELDS = Object.freeze({ byFields: true as const });
export type EntityScopeDeclaration = EntityScope | typeof SCOPED_BY_FIELDS;

export function isScopedByFields(scope: EntityScopeDeclaration): scope is typeof SCOPED_BY_FIELDS {
  return 'byFields' in scope;
}

/** Whether the caller may read `row` of an entity declared with `scope`. */
export async function canReadEntity<Row>(ctx: RequestContext, scope: EntityScope<Row>, row: Row): Promise<boolean> {
  const claims = ctx.claims;
  if (!claims) return false;
  if (claims.role === 'ADMIN' || claims.role === 'SERVICE') return true;
  if (await scope.public?.(row, ctx)) return true;
  switch (claims.role) {
    case 'ANALYST':
      return (scope.access ?? 'read') === 'read';
    case 'MERCHANT': {
      const shopId = await scope.shop?.(row, ctx);
      if (shopId && shopId === claims.shopId) return true;
      return scope.reachedByShop ? scope.reachedByShop(ctx, row, claims.shopId!) : false;
    }
    case 'CUSTOMER': {
      const memberId = await scope.member?.(row, ctx);
      return Boolean(memberId) && memberId === claims.memberId;
    }
    default:
      return false;
  }
}

/** Rows of a nested list the caller may read, in their order (a list never fails for one row). */
export async function readableRows<Row>(ctx: RequestContext, scope: EntityScope<Row>, rows: readonly Row[]): Promise<Row[]> {
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
