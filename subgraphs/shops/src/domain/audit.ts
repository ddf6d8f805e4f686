import { and, type SQL } from 'drizzle-orm';
import {
  equalTo,
  inPeriod,
  badUserInput,
  type AuditRecordedEvent,
  type ConnectionArgs,
  type EventEnvelope,
  type RequestContext,
  listTable,
  scopedWhere,
} from '@zhongtai/kit';
import { auditEntries } from '../db/tables.ts';
import { auditEntryTenancy } from './tenancy.ts';

export interface AuditEntryFilter {
  staffId?: string | null;
  shopId?: string | null;
  center?: string | null;
  operation?: string | null;
  result?: AuditRecordedEvent['result'] | null;
  /** Inclusive. */
  from?: Date | null;
  /** Exclusive. */
  to?: Date | null;
}

/**
 * The audit log, newest first. Operators with audit:read see every entry; a merchant (OWNER)
 * sees only entries of their own shop, and asking for another shop is refused, not narrowed.
 */
export function listAuditEntries(ctx: RequestContext, args: ConnectionArgs, filter: AuditEntryFilter = {}) {
  if (filter.from && filter.to && filter.from >= filter.to) throw badUserInput('filter.from must be before filter.to', ['filter', 'from']);
  const conditions: (SQL | undefined)[] = [
    scopedWhere(ctx, auditEntryTenancy, { shopId: filter.shopId }),
    ...equalTo(filter, { staffId: auditEntries.staffId, center: auditEntries.center, operation: auditEntries.operation, result: auditEntries.result }),
    ...inPeriod(auditEntries.at, filter.from, filter.to),
  ];
  return listTable(ctx.db, auditEntries, args, { where: and(...conditions), sort: { column: auditEntries.at, direction: 'DESC' } });
}

/** Stores one delivered entry; the event id is the key, so a redelivery adds nothing. */
export async function storeAuditEntry(ctx: RequestContext, event: EventEnvelope<'AuditRecorded'>): Promise<void> {
  const e = event.payload;
  await ctx.db
    .insert(auditEntries)
    .values({
      id: event.id,
      staffId: e.staffId,
      staffKind: e.staffKind,
      staffRole: e.staffRole,
      tokenRole: e.tokenRole,
      subject: e.subject.slice(0, 200),
      shopId: e.shopId,
      center: e.center,
      operation: e.operation,
      input: e.input,
      result: e.result,
      codes: e.codes,
      requestId: e.requestId.slice(0, 100),
      at: new Date(e.at),
    })
    .onConflictDoNothing();
}
