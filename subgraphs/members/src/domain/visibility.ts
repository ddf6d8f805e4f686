import { forbidden, unauthenticated, type RequestContext } from '@zhongtai/kit';

/**
 * Who sees what of a member, in one place. A member's own data (points, addresses, full phone)
 * is for the member, operators, analysts and other centers; a merchant reaches a member only
 * through its orders and sees the name and a masked phone; a customer never sees another member.
 */
export function canSeePrivate(ctx: RequestContext, memberId: string): boolean {
  const claims = ctx.claims;
  if (!claims) return false;
  if (claims.role === 'ADMIN' || claims.role === 'ANALYST' || claims.role === 'SERVICE') return true;
  return claims.role === 'CUSTOMER' && claims.memberId === memberId;
}

export function canSeeMember(ctx: RequestContext, memberId: string): boolean {
  return canSeePrivate(ctx, memberId) || ctx.claims?.role === 'MERCHANT';
}

/** 13800000001 -> 138****0001: enough for a merchant to recognise a buyer on the phone. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\s+/g, '');
  return digits.length >= 7 ? `${digits.slice(0, 3)}****${digits.slice(-4)}` : '****';
}

/** The member a write acts on: a customer's own account, or the one an operator names. */
export function memberForWrite(ctx: RequestContext, requested: string | null | undefined): string | null {
  const claims = ctx.claims;
  if (!claims) throw unauthenticated();
  if (claims.role === 'CUSTOMER') {
    if (requested && requested !== claims.memberId) throw forbidden('A customer changes only its own account');
    return claims.memberId;
  }
  if (claims.role === 'ADMIN' || claims.role === 'SERVICE') return requested ?? null;
  throw forbidden('Member accounts are not changed by this role');
}
