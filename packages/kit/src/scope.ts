import { eq, isNull, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
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
