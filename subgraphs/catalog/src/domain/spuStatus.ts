import { and, count, eq } from 'drizzle-orm';
import { newId, ok, optionalText, Problems, type Db, type RequestContext, type Result } from '@zhongtai/kit';
import { skus, spus, spuStatusChanges, type SpuRow, type SpuStatus } from '../db/tables.ts';
import { SPU_STATUS_CHANGE_ID_PREFIX } from './ids.ts';
import { checkShopStanding } from './shopStanding.ts';
import { findSpuForChange } from './spus.ts';

/**
 * The status changes a product may go through. A review step slots in later as
 * DRAFT -> PENDING_REVIEW -> ON_SALE; until then publishing goes straight on sale.
 */
export const SPU_TRANSITIONS: Record<SpuStatus, readonly SpuStatus[]> = {
  DRAFT: ['ON_SALE'],
  PENDING_REVIEW: [],
  ON_SALE: ['OFF_SHELF'],
  OFF_SHELF: ['ON_SALE'],
};

export function canTransition(from: SpuStatus, to: SpuStatus): boolean {
  return SPU_TRANSITIONS[from].includes(to);
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
    actor: ctx.claims!.subject,
  });
}

export interface ChangeSpuStatusInput {
  id: string;
  reason?: string | null;
}

export const publishSpu = (ctx: RequestContext, input: ChangeSpuStatusInput) => changeSpuStatus(ctx, input, 'ON_SALE');
export const unpublishSpu = (ctx: RequestContext, input: ChangeSpuStatusInput) => changeSpuStatus(ctx, input, 'OFF_SHELF');

async function changeSpuStatus(ctx: RequestContext, input: ChangeSpuStatusInput, to: SpuStatus): Promise<Result<SpuRow>> {
  const problems = new Problems();
  const reason = optionalText(problems, input.reason, ['input', 'reason'], 'Reason', 500);
  const existing = await findSpuForChange(ctx, input.id, problems);
  if (!existing || problems.any) return problems.refuse();
  if (!canTransition(existing.status, to)) {
    return problems.add(['input', 'id'], 'INVALID_TRANSITION', `A ${existing.status} product cannot become ${to}`).refuse();
  }
  if (to === 'ON_SALE') await checkSellable(ctx, existing, problems);
  if (problems.any) return problems.refuse();
  return ctx.db.transaction(async (tx) => {
    // The guard on the old status makes one of two racing changes fail instead of both recording history.
    const [row] = await tx
      .update(spus)
      .set({ status: to, updatedAt: new Date() })
      .where(and(eq(spus.id, existing.id), eq(spus.status, existing.status)))
      .returning();
    if (!row) return problems.add(['input', 'id'], 'INVALID_TRANSITION', 'The product changed meanwhile; reload and retry').refuse<SpuRow>();
    await recordStatusChange(tx, ctx, { spuId: row.id, from: existing.status, to, reason });
    return ok(row);
  });
}

/** A product goes on sale only from a trading shop and with something to sell. */
async function checkSellable(ctx: RequestContext, spu: SpuRow, problems: Problems): Promise<void> {
  const [active] = await ctx.db
    .select({ n: count() })
    .from(skus)
    .where(and(eq(skus.spuId, spu.id), eq(skus.status, 'ACTIVE')));
  problems.check((active?.n ?? 0) > 0, ['input', 'id'], 'INVALID', 'The product has no active SKU to sell');
  await checkShopStanding(ctx, spu.shopId, problems, ['input', 'id']);
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
