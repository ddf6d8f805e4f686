import { isId, ok, Problems, recordTransition, refused, requiredText, optionalText, type Db, type RequestContext, type Result } from '@zhongtai/kit';
import { afterSaleRequests, afterSaleSteps, type AfterSaleRequestRow, type AfterSaleStatus } from '../db/tables.ts';
import { assertCanDecide, assertOperator, assertOwnCustomer } from './access.ts';
import { AFTER_SALE_ID_PREFIX, AFTER_SALE_STEP_ID_PREFIX } from './ids.ts';
import { AUTO_APPROVE_JOB, loadRequest } from './requests.ts';
import { canMove } from './rules.ts';
import { ticketForEscalation } from './tickets/intake.ts';

/** The job that carries out an approved refund-only request (domain/carryOut.ts). */
export const CARRY_OUT_JOB = 'carryOut';

/**
 * Moves a request inside `tx`, guarded on the status it was read with (the kit's
 * recordTransition): of two racing decisions one applies, the other is INVALID_TRANSITION. The
 * step is recorded with who and why in the same transaction.
 */
export async function move(
  ctx: RequestContext,
  tx: Db,
  row: Pick<AfterSaleRequestRow, 'id' | 'status'>,
  to: AfterSaleStatus,
  reason: string | null,
  set: Partial<AfterSaleRequestRow> = {},
): Promise<Result<AfterSaleRequestRow>> {
  const field = ['input', 'id'];
  if (!canMove(row.status, to)) return refused([{ field, code: 'INVALID_TRANSITION', message: `A ${row.status} request cannot become ${to}` }]);
  const moved = await recordTransition(tx, {
    table: afterSaleRequests,
    row,
    to,
    set,
    reason,
    actor: ctx.claims?.subject ?? 'system',
    history: { table: afterSaleSteps, idPrefix: AFTER_SALE_STEP_ID_PREFIX, owner: 'requestId' },
  });
  if (!moved) return refused([{ field, code: 'INVALID_TRANSITION', message: 'The request changed meanwhile; reload and retry' }]);
  return ok(moved);
}

async function requestFor(problems: Problems, ctx: RequestContext, id: string): Promise<AfterSaleRequestRow | undefined> {
  if (!isId(AFTER_SALE_ID_PREFIX, id)) return void problems.add(['input', 'id'], 'INVALID_ID', `"${id}" is not an after-sale request id`);
  const row = await loadRequest(ctx, id);
  if (!row) problems.add(['input', 'id'], 'NOT_FOUND', `After-sale request ${id} not found`);
  return row ?? undefined;
}

/**
 * Approval, by the shop's staff or an operator (an escalated request: operators only, finally),
 * or by the autoApprove job.
 */
export async function approveRequest(ctx: RequestContext, input: { id: string; reason?: string | null }): Promise<Result<AfterSaleRequestRow>> {
  const problems = new Problems();
  const reason = optionalText(problems, input.reason, ['input', 'reason'], 'Reason', 500);
  const row = await requestFor(problems, ctx, input.id);
  if (!row || problems.any) return problems.refuse();
  assertCanDecide(ctx, row);
  if (row.status === 'ESCALATED') assertOperator(ctx);
  return approve(ctx, row, reason ?? (row.status === 'ESCALATED' ? 'approved by the platform' : 'approved'));
}

async function approve(ctx: RequestContext, row: AfterSaleRequestRow, reason: string): Promise<Result<AfterSaleRequestRow>> {
  return ctx.db.transaction(async (tx) => {
    const moved = await move(ctx, tx, row, 'APPROVED', reason);
    // What approval sets going runs after the commit, once per request however many approvals raced.
    if (moved.ok && row.type === 'REFUND_ONLY') await ctx.events.schedule(tx, CARRY_OUT_JOB, { requestId: row.id }, { singletonKey: `carry-${row.id}` });
    return moved;
  });
}

/** Rejection needs a reason. A rejected request can be escalated; an operator's rejection of an escalation closes it for good. */
export async function rejectRequest(ctx: RequestContext, input: { id: string; reason: string }): Promise<Result<AfterSaleRequestRow>> {
  const problems = new Problems();
  const reason = requiredText(problems, input.reason, ['input', 'reason'], 'Reason', 500);
  const row = await requestFor(problems, ctx, input.id);
  if (!row || !reason || problems.any) return problems.refuse();
  assertCanDecide(ctx, row);
  if (row.status === 'ESCALATED') assertOperator(ctx);
  return ctx.db.transaction((tx) => move(ctx, tx, row, row.status === 'ESCALATED' ? 'CLOSED' : 'REJECTED', reason));
}

/** 平台介入: the customer asks the platform to look at a rejection. */
export async function escalateRequest(ctx: RequestContext, input: { id: string; reason: string }): Promise<Result<AfterSaleRequestRow>> {
  const problems = new Problems();
  const reason = requiredText(problems, input.reason, ['input', 'reason'], 'Reason', 500);
  const row = await requestFor(problems, ctx, input.id);
  if (!row || !reason || problems.any) return problems.refuse();
  assertOwnCustomer(ctx, row.memberId);
  return ctx.db.transaction(async (tx) => {
    const moved = await move(ctx, tx, row, 'ESCALATED', reason);
    if (moved.ok) await ticketForEscalation(ctx, tx, moved.value, reason);
    return moved;
  });
}

/** The customer withdraws a request nothing has been done for yet. */
export async function cancelRequest(ctx: RequestContext, input: { id: string; reason?: string | null }): Promise<Result<AfterSaleRequestRow>> {
  const problems = new Problems();
  const reason = optionalText(problems, input.reason, ['input', 'reason'], 'Reason', 500);
  const row = await requestFor(problems, ctx, input.id);
  if (!row || problems.any) return problems.refuse();
  assertOwnCustomer(ctx, row.memberId);
  if (row.status === 'APPROVED' && row.type === 'REFUND_ONLY')
    return problems.add(['input', 'id'], 'INVALID_TRANSITION', 'An approved refund is already on its way').refuse();
  return ctx.db.transaction((tx) => move(ctx, tx, row, 'CANCELLED', reason ?? 'withdrawn by the customer'));
}

/** The autoApprove job: a request still PENDING at its deadline is approved by the system. Idempotent. */
export async function autoApprove(ctx: RequestContext, requestId: string): Promise<boolean> {
  const row = await loadRequest(ctx, requestId);
  // No deadline: held for a risk review, only staff decide it.
  if (!row || row.status !== 'PENDING' || !row.autoApproveAt) return false;
  // Started early (a clock between hosts): ask again at the deadline rather than approve before it.
  if (row.autoApproveAt.getTime() > ctx.now().getTime()) {
    await ctx.events.schedule(ctx.db, AUTO_APPROVE_JOB, { requestId }, { startAfter: row.autoApproveAt });
    return false;
  }
  return (await approve(ctx, row, 'not answered in time: approved automatically')).ok;
}
