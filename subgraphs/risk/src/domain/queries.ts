import { and, eq, inArray, isNull, type SQL } from 'drizzle-orm';
import { listTable, scopedWhere, type ConnectionArgs, type RequestContext } from '@zhongtai/kit';
import { assessmentOrders, assessments, blocklistEntries, type AssessmentRow, type BlocklistKind, type Decision } from '../db/tables.ts';
import { assessmentTenancy, blocklistEntryTenancy } from './tenancy.ts';

export interface AssessmentFilter {
  decision?: Decision | null;
  memberId?: string | null;
  /** REVIEW verdicts whose orders are still held are the operators' queue; the orders center knows which are: ask `orders(filter: { status: ON_HOLD })`. */
  subjectId?: string | null;
}

/** Assessments, newest first (operators). */
export function listAssessments(ctx: RequestContext, args: ConnectionArgs, filter: AssessmentFilter = {}) {
  const conditions: (SQL | undefined)[] = [scopedWhere(ctx, assessmentTenancy)];
  if (filter.decision) conditions.push(eq(assessments.decision, filter.decision));
  if (filter.memberId) conditions.push(eq(assessments.memberId, filter.memberId));
  if (filter.subjectId) conditions.push(eq(assessments.subjectId, filter.subjectId));
  return listTable(ctx.db, assessments, args, { where: and(...conditions), sort: { column: assessments.createdAt, direction: 'DESC' } });
}

/** Active blocklist entries, newest first. */
export function listBlocklist(ctx: RequestContext, args: ConnectionArgs, filter: { kind?: BlocklistKind | null } = {}) {
  const conditions: (SQL | undefined)[] = [scopedWhere(ctx, blocklistEntryTenancy), isNull(blocklistEntries.removedAt)];
  if (filter.kind) conditions.push(eq(blocklistEntries.kind, filter.kind));
  return listTable(ctx.db, blocklistEntries, args, { where: and(...conditions), sort: { column: blocklistEntries.createdAt, direction: 'DESC' } });
}

/** The assessment each order answers to, one query for every order asked for in the same tick. */
export function assessmentOfOrder(ctx: RequestContext, orderId: string): Promise<AssessmentRow | null> {
  return ctx.loaders
    .get<string, AssessmentRow | null>('risk.assessmentOfOrder', async (ids) => {
      const rows = await ctx.db
        .select({ orderId: assessmentOrders.orderId, assessment: assessments })
        .from(assessmentOrders)
        .innerJoin(assessments, eq(assessments.id, assessmentOrders.assessmentId))
        .where(inArray(assessmentOrders.orderId, [...ids]));
      const byOrder = new Map(rows.map((r) => [r.orderId, r.assessment]));
      return ids.map((id) => byOrder.get(id) ?? null);
    })
    .load(orderId);
}
