import { GraphQLError, defaultFieldResolver, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { isStaffToken } from '../auth/claims.ts';
import { knownStanding } from '../auth/staff.ts';
import type { RequestContext } from '../context.ts';
import type { AuditRecordedEvent } from '../events/catalog.ts';
import type { OutboxTable } from '../events/tables.ts';
import { redact } from './redact.ts';
import { logger } from '../log.ts';

export type AuditResult = AuditRecordedEvent['result'];

/**
 * Records every mutation a staff member (MERCHANT or ADMIN token) runs, in every center: the
 * kit wraps each Mutation root field, so no center can forget. The entry goes into the center's
 * transactional outbox as an AuditRecorded event; the relay delivers it at least once to the
 * shops center, which stores it idempotently (by event id) in its append-only audit table.
 * Customers' and services' mutations are not staff actions and are not recorded here.
 */
export function applyAuditLog(schema: GraphQLSchema, center: string, outbox: OutboxTable | undefined): GraphQLSchema {
  const mutation = schema.getMutationType();
  if (!mutation) return schema;
  for (const field of Object.values(mutation.getFields())) {
    const inner = field.resolve ?? defaultFieldResolver;
    const audited = field.astNode?.directives?.some((d) => d.name.value === 'requiresPermission');
    if (!audited) continue; // only mutations staff can reach declare a permission (checked at start)
    if (!outbox) throw new Error(`${center}: Mutation.${field.name} is open to staff, so ${center} needs an outbox for its audit entries`);
    const resolve: GraphQLFieldResolver<unknown, RequestContext> = async (source, args, ctx, info) => {
      if (!isStaffToken(ctx.claims)) return inner(source, args, ctx, info);
      const at = new Date();
      let payload: unknown;
      try {
        payload = await inner(source, args, ctx, info);
      } catch (error) {
        await record(ctx, field.name, args, 'ERROR', [codeOf(error)], at);
        throw error;
      }
      const userErrors = (payload as { userErrors?: { code?: string }[] } | null)?.userErrors;
      const codes = Array.isArray(userErrors) ? userErrors.map((e) => String(e.code ?? 'UNKNOWN')) : [];
      await record(ctx, field.name, args, codes.length ? 'REFUSED' : 'OK', codes, at);
      return payload;
    };
    field.resolve = resolve;
  }
  return schema;
}

function codeOf(error: unknown): string {
  const code = error instanceof GraphQLError ? error.extensions?.code : undefined;
  return typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR';
}

async function record(ctx: RequestContext, operation: string, args: Record<string, unknown>, result: AuditResult, codes: string[], at: Date): Promise<void> {
  const claims = ctx.claims!;
  const standing = knownStanding(ctx);
  const input = (args.input ?? args) as Record<string, unknown> | undefined;
  const inputShop = typeof input?.shopId === 'string' ? input.shopId : null;
  const entry: AuditRecordedEvent = {
    staffId: claims.staffId!,
    staffKind: standing?.kind ?? (claims.role === 'ADMIN' ? 'PLATFORM' : 'SHOP'),
    staffRole: standing?.role ?? null,
    tokenRole: claims.role as AuditRecordedEvent['tokenRole'],
    subject: claims.subject,
    shopId: claims.shopId ?? inputShop,
    center: ctx.center,
    operation,
    input: redact(args) as Record<string, unknown>,
    result,
    codes,
    requestId: ctx.requestId,
    at: at.toISOString(),
  };
  try {
    await ctx.events.publish(ctx.db, 'AuditRecorded', entry);
  } catch (error) {
    // The mutation already happened; failing it now would lie to the caller. Keep the entry in the log.
    logger(ctx).error('could not write the audit entry, here it is', { operation, entry, error });
  }
}
