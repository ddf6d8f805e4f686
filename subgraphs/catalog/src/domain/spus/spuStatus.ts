import { and, eq } from 'drizzle-orm';
import { newId, ok, optionalText, Problems, recordTransition, type Db, type RequestContext, type Result } from '@zhongtai/kit';
import { spus, spuStatusChanges, type SpuRow, type SpuStatus } from '../../db/tables.ts';
import { SPU_STATUS_CHANGE_ID_PREFIX } from '../ids.ts';
import { findSpuForChange } from './spus.ts';

/** What moves a product between statuses; who may do which is checked by the action's function. */
export type SpuAction = 'submit' | 'approve' | 'reject' | 'publish' | 'unpublish' | 'edit';

/**
 * The one table of status changes a product may go through, and the action that makes each:
 * a merchant submits a draft; an operator approves it (on sale) or rejects it (back to draft);
 * on sale and off the shelf swap freely; editing key fields of a listed product sends an on-sale
 * one back to review and an off-shelf one back to draft (so relisting cannot skip review).
 */
export const SPU_TRANSITIONS: Record<SpuStatus, readonly { to: SpuStatus; by: SpuAction }[]> = {
  DRAFT: [{ to: 'PENDING_REVIEW', by: 'submit' }],
  PENDING_REVIEW: [
    { to: 'ON_SALE', by: 'approve' },
    { to: 'DRAFT', by: 'reject' },
  ],
  ON_SALE: [
    { to: 'OFF_SHELF', by: 'unpublish' },
    { to: 'PENDING_REVIEW', by: 'edit' },
  ],
  OFF_SHELF: [
    { to: 'ON_SALE', by: 'publish' },
    { to: 'DRAFT', by: 'edit' },
  ],
};

/** Where `action` takes a product in status `from`, or undefined when it cannot. */
export function transitionTarget(from: SpuStatus, action: SpuAction): SpuStatus | undefined {
  return SPU_TRANSITIONS[from].find((t) => t.by === action)?.to;
}

export function canTransition(from: SpuStatus, to: SpuStatus): boolean {
  return SPU_TRANSITIONS[from].some((t) => t.to === to);
}

/** Writes one line of a product's status history; `from` is null when the product is created. */
export async function recordStatusChange(
  db: Db,
  ctx: RequestContext,
  change: { spuId: string; from: SpuStatus | null; to: SpuStatus; reason: string | null },
): Promise<void> {
  await db.insert(spuStatusChanges).values({
    id: newId(SPU_STATUS_CHANGE_ID_PREFIX),
    spuId: change.spuId,
    fromStatus: change.from,
    toStatus: change.to,
    reason: change.reason,
    actor: actorOf(ctx),
  });
}

export interface ChangeSpuStatusInput {
  id: string;
  reason?: string | null;
}

/**
 * Applies `action` to a product: checks the table, runs `precheck` (sellability) and moves it with
 * a history line, in one transaction. The guard on the old status makes one of two racing
 * changes fail instead of both recording history.
 */
export async function applySpuAction(
  ctx: RequestContext,
  input: ChangeSpuStatusInput,
  action: SpuAction,
  options: { reasonRequired?: boolean; precheck?: (spu: SpuRow, problems: Problems) => Promise<void> } = {},
): Promise<Result<SpuRow>> {
  const problems = new Problems();
  const reason = optionalText(problems, input.reason, ['input', 'reason'], 'Reason', 500);
  if (options.reasonRequired) problems.check(reason !== null, ['input', 'reason'], 'REQUIRED', 'Say why');
  const existing = await findSpuForChange(ctx, input.id, problems);
  if (!existing || problems.any) return problems.refuse();
  const to = transitionTarget(existing.status, action);
  if (!to) return problems.add(['input', 'id'], 'INVALID_TRANSITION', `A ${existing.status} product cannot be ${pastTense(action)}`).refuse();
  await options.precheck?.(existing, problems);
  if (problems.any) return problems.refuse();
  return ctx.db.transaction(async (tx) => {
    const history = { table: spuStatusChanges, idPrefix: SPU_STATUS_CHANGE_ID_PREFIX, owner: 'spuId' };
    const row = await recordTransition(tx, { table: spus, row: existing, to, reason, actor: actorOf(ctx), history });
    if (!row) return problems.add(['input', 'id'], 'INVALID_TRANSITION', 'The product changed meanwhile; reload and retry').refuse<SpuRow>();
    return ok(row);
  });
}

const PAST: Record<SpuAction, string> = {
  submit: 'submitted for review',
  approve: 'approved',
  reject: 'rejected',
  publish: 'put back on sale',
  unpublish: 'taken off the shelf',
  edit: 'edited',
};
const pastTense = (action: SpuAction) => PAST[action];

/**
 * A key field of a listed product changed (in `db`, the caller's transaction): ON_SALE goes back
 * to review, OFF_SHELF back to draft, with a history line. Returns the new status.
 */
export async function returnToReview(db: Db, ctx: RequestContext, spu: SpuRow, what: string): Promise<SpuStatus> {
  const to = transitionTarget(spu.status, 'edit');
  if (!to) return spu.status;
  await db.update(spus).set({ status: to, updatedAt: new Date() }).where(eq(spus.id, spu.id));
  await recordStatusChange(db, ctx, { spuId: spu.id, from: spu.status, to, reason: `${what} changed: needs review again` });
  return to;
}

/**
 * A shop that stops trading stops selling: every ON_SALE product goes OFF_SHELF, each with a
 * history line. Reactivating the shop does not put them back; the merchant republishes.
 */
export async function takeShopOffShelf(ctx: RequestContext, shopId: string, reason: string): Promise<number> {
  const moved = await ctx.db
    .update(spus)
    .set({ status: 'OFF_SHELF', updatedAt: new Date() })
    .where(and(eq(spus.shopId, shopId), eq(spus.status, 'ON_SALE')))
    .returning({ id: spus.id });
  for (const { id } of moved) await recordStatusChange(ctx.db, ctx, { spuId: id, from: 'ON_SALE', to: 'OFF_SHELF', reason });
  return moved.length;
}

/** Who a status change is recorded for: the caller (auth directives guarantee a token here). */
function actorOf(ctx: RequestContext): string {
  return ctx.claims?.subject ?? 'anonymous';
}
