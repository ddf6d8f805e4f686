import { and, count, eq, gte, lt, type SQL } from 'drizzle-orm';
import { badUserInput, paginate, type AuditRecordedEvent, type ConnectionArgs, type EventEnvelope, type RequestContext, scopedWhere } from '@zhongtai/kit';
import { auditEntryTenancy } from './tenancy.ts';
import { auditEntries, type AuditEntryRow } from '../db/tables.ts';

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
    filter.staffId ? eq(auditEntries.staffId, filter.staffId) : undefined,
    filter.center ? eq(auditEntries.center, filter.center) : undefined,
    filter.operation ? eq(auditEntries.operation, filter.operation) : undefined,
    filter.result ? eq(auditEntries.result, filter.result) : undefined,
    filter.from ? gte(auditEntries.at, filter.from) : undefined,
    filter.to ? lt(auditEntries.at, filter.to) : undefined,
  ];
  return paginate<AuditEntryRow>({
    args,
    idColumn: auditEntries.id,
    sort: { column: auditEntries.at, direction: 'DESC', value: (row) => row.at },
    where: and(...conditions),
    fetch: (w, orderBy, limit) => ctx.db.select().from(auditEntries).where(w).orderBy(...orderBy).limit(limit),
    count: async (w) => (await ctx.db.select({ n: count() }).from(auditEntries).where(w))[0]?.n ?? 0,
  });
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
