import type { ConstDirectiveNode } from 'graphql';
import { valueFromASTUntyped } from 'graphql';
import type { RequestContext } from '../context.ts';
import { forbidden, graphqlError, unauthenticated } from '../errors.ts';
import { hasPermission, isPermission, type Permission, type StaffStanding } from './permissions.ts';

/** `@requiresPermission(permission: "order:refund")` on a field or type; checked at start that it names a known permission. */
export function permissionOf(directives: readonly ConstDirectiveNode[], where: string): Permission | null {
  const directive = directives.find((d) => d.name.value === 'requiresPermission');
  if (!directive) return null;
  const arg = directive.arguments?.find((a) => a.name.value === 'permission');
  const value = arg ? valueFromASTUntyped(arg.value) : undefined;
  if (typeof value !== 'string' || !isPermission(value)) throw new Error(`${where}: @requiresPermission names an unknown permission ${JSON.stringify(value)}`);
  return value;
}

const pending = new WeakMap<RequestContext, Promise<StaffStanding>>();
const settled = new WeakMap<RequestContext, StaffStanding>();

/**
 * The current standing of the staff member the request's token names, looked up once per
 * request (through the process-wide cache). Refuses a token whose staff member is unknown,
 * suspended, or not of the token's kind (a MERCHANT token naming platform staff or another shop's).
 */
export function staffStanding(ctx: RequestContext): Promise<StaffStanding> {
  let standing = pending.get(ctx);
  if (!standing) {
    standing = lookUp(ctx);
    pending.set(ctx, standing);
    standing.then(
      (s) => settled.set(ctx, s),
      () => {},
    );
  }
  return standing;
}

/** Runs `then` with the standing: synchronously when this request already has it. */
export function withStanding<T>(ctx: RequestContext, then: (standing: StaffStanding) => T): T | Promise<T> {
  const known = settled.get(ctx);
  return known ? then(known) : staffStanding(ctx).then(then);
}

export function requirePermission(standing: StaffStanding, permission: Permission, where: string): void {
  if (hasPermission(standing, permission)) return;
  const kind = standing.kind === 'SHOP' ? 'shop' : 'platform';
  throw graphqlError('FORBIDDEN', `${where} requires the permission "${permission}", which the ${kind} role ${standing.role} does not have`, { permission });
}

async function lookUp(ctx: RequestContext): Promise<StaffStanding> {
  const claims = ctx.claims!;
  if (!ctx.staff) throw graphqlError('INTERNAL_SERVER_ERROR', 'No staff directory in this request context');
  const staffId = claims.staffId!;
  const standing = await ctx.staff.standing(staffId);
  if (!standing) throw unauthenticated(`Staff member ${staffId} does not exist`);
  if (!standing.active) throw unauthenticated(`Staff member ${staffId} is suspended: the token no longer works`);
  if (claims.role === 'ADMIN' && standing.kind !== 'PLATFORM') throw forbidden(`An ADMIN token must name platform staff; ${staffId} is shop staff`);
  if (claims.role === 'MERCHANT' && (standing.kind !== 'SHOP' || standing.shopId !== claims.shopId)) {
    throw forbidden(`Staff member ${staffId} does not work for shop ${claims.shopId}`);
  }
  return standing;
}

/** The standing this request already looked up, if any (the audit log names the role acted with). */
export function knownStanding(ctx: RequestContext): StaffStanding | undefined {
  return settled.get(ctx);
}
