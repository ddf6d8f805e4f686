import { and, desc, eq, inArray, max, sql } from 'drizzle-orm';
import {
  logger,
  ok,
  optionalText,
  ordersService,
  paymentsService,
  Problems,
  type EventCatalog,
  type OrderPaidEvent,
  type RequestContext,
  type Result,
} from '@zhongtai/kit';
import { generations, type GenerationRow } from '../db/tables.ts';
import { activeGeneration } from './generations.ts';
import { factsOfPaidOrder, refundShares } from './sales.ts';
import { salesStore } from './salesStore.ts';

/** A page row of the owning centers' replay queries (orders' soldOrders, payments' succeededRefunds). */
type SoldOrder = { id: string; status: string; paid: string };
type SucceededRefund = { id: string; refund: string };

/** The job that replays the owning centers into a BUILDING generation, then makes it ACTIVE. */
export const REBUILD_JOB = 'rebuildSalesFacts';
export type SalesFactsRebuildRow = GenerationRow;

/** Orders (or refunds) per page asked of the owning centers: their most; a page is one transaction here. */
const PAGE = 2000;

/**
 * rebuildSalesFacts: a new BUILDING generation and the job that fills it. Events keep reaching
 * the ACTIVE generation (and this one), and queries keep reading the ACTIVE one until the switch.
 * One rebuild at a time.
 */
export async function startRebuild(ctx: RequestContext, input: { reason?: string | null }): Promise<Result<GenerationRow>> {
  const problems = new Problems();
  optionalText(problems, input.reason, ['reason'], 'Reason', 500);
  if (problems.any) return problems.refuse();
  await activeGeneration(ctx.db);
  return ctx.db.transaction(async (tx) => {
    // One writer decides the next generation: a second request waits here, then sees the first's.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('analytics.rebuild'))`);
    const [building] = await tx.select().from(generations).where(eq(generations.status, 'BUILDING'));
    if (building) return problems.add(null, 'DUPLICATE', `Rebuild ${building.id} is still running`).refuse<GenerationRow>();
    const [{ last } = { last: 0 }] = await tx.select({ last: max(generations.id) }).from(generations);
    const id = (last ?? 0) + 1;
    const [row] = await tx.insert(generations).values({ id, status: 'BUILDING' }).returning();
    await ctx.events.schedule(tx, REBUILD_JOB, { generation: id }, { singletonKey: `rebuild-${id}` });
    if (!row) throw new Error(`analytics: generation ${id} was not saved`);
    return ok(row);
  });
}

/** A rebuild by id, or the latest. */
export async function loadRebuild(ctx: RequestContext, id?: number | null): Promise<GenerationRow | null> {
  const query = ctx.db.select().from(generations);
  const [row] = id != null ? await query.where(eq(generations.id, id)) : await query.orderBy(desc(generations.id)).limit(1);
  return row ?? null;
}

/**
 * The job: every paid order (orders' soldOrders, paged) into facts, every succeeded refund
 * (payments' succeededRefunds, paged) into refund shares, each page in a few bulk statements and no
 * rollup; the member levels and costs the active generation learned copied over in two statements;
 * then the rollups summed from the facts in SQL, and the new generation made ACTIVE and the old one
 * RETIRED, in one transaction; the retired rows deleted after it. Everything it writes is
 * idempotent, so a retried job starts again from the first page and changes nothing twice.
 */
export async function runRebuild(ctx: RequestContext, generation: number): Promise<void> {
  const [row] = await ctx.db.select().from(generations).where(eq(generations.id, generation));
  if (row?.status !== 'BUILDING') return;
  try {
    await replayOrders(ctx, generation);
    await replayRefunds(ctx, generation);
    await switchTo(ctx, generation);
  } catch (error) {
    logger(ctx).error('sales facts rebuild failed', { generation, error });
    await ctx.db
      .update(generations)
      .set({ status: 'FAILED', error: error instanceof Error ? error.message : String(error), finishedAt: ctx.now(), updatedAt: ctx.now() })
      .where(and(eq(generations.id, generation), eq(generations.status, 'BUILDING')));
  }
}

async function replayOrders(ctx: RequestContext, generation: number): Promise<void> {
  let after: string | null = null;
  let replayed = 0;
  for (;;) {
    const { soldOrders }: { soldOrders: SoldOrder[] } = await ctx.services.call(ordersService.soldOrders, { after, first: PAGE });
    if (!soldOrders.length) return;
    const facts = soldOrders.flatMap((order) => factsOfPaidOrder(JSON.parse(order.paid) as OrderPaidEvent).map((f) => ({ ...f, orderStatus: order.status })));
    await ctx.db.transaction(async (tx) => {
      await salesStore.loadSales(tx, generation, facts);
      replayed += soldOrders.length;
      await tx.update(generations).set({ ordersReplayed: replayed, updatedAt: ctx.now() }).where(eq(generations.id, generation));
    });
    if (soldOrders.length < PAGE) return;
    after = soldOrders.at(-1)?.id ?? null;
  }
}

/** A page of refunds: the facts they touch read in two statements, their shares written in a few. */
async function replayRefunds(ctx: RequestContext, generation: number): Promise<void> {
  let after: string | null = null;
  let replayed = 0;
  for (;;) {
    const { succeededRefunds }: { succeededRefunds: SucceededRefund[] } = await ctx.services.call(paymentsService.succeededRefunds, { after, first: PAGE });
    if (!succeededRefunds.length) return;
    const refunds = succeededRefunds.map(({ refund }) => JSON.parse(refund) as EventCatalog['RefundSucceeded']);
    await ctx.db.transaction(async (tx) => {
      const named = await salesStore.factsOfLines(
        tx,
        generation,
        refunds.flatMap((r) => r.lines.map((l) => l.orderLineId)),
      );
      const ofOrders = await salesStore.factsOfOrders(
        tx,
        generation,
        refunds.filter((r) => !r.lines.length).map((r) => r.orderId),
      );
      const byLine = new Map(named.map((f) => [f.orderLineId, f]));
      const shares = refunds.flatMap((refund) => {
        // The same facts, in the same order, as factsRefunded gives the event's handler.
        const facts = refund.lines.length
          ? refund.lines.flatMap((l) => byLine.get(l.orderLineId) ?? [])
          : ofOrders.filter((f) => f.orderId === refund.orderId || f.checkoutId === refund.orderId);
        return refundShares(refund, facts);
      });
      await salesStore.recordRefund(tx, generation, shares, { rollups: false });
      replayed += succeededRefunds.length;
      await tx.update(generations).set({ refundsReplayed: replayed, updatedAt: ctx.now() }).where(eq(generations.id, generation));
    });
    if (succeededRefunds.length < PAGE) return;
    after = succeededRefunds.at(-1)?.id ?? null;
  }
}

/**
 * What the active generation learned by its jobs (member level, cost), onto the new one; its
 * rollups summed from its facts; then the switch. Events keep writing both generations until the
 * switch: the sums are taken under a lock that holds writers of facts back for their duration.
 */
async function switchTo(ctx: RequestContext, generation: number): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('analytics.rebuild'))`);
    const [active] = await tx.select().from(generations).where(eq(generations.status, 'ACTIVE'));
    if (active) await salesStore.copyLearned(tx, active.id, generation);
    await salesStore.resumRollups(tx, generation);
    if (active) await tx.update(generations).set({ status: 'RETIRED', updatedAt: ctx.now() }).where(eq(generations.id, active.id));
    await tx.update(generations).set({ status: 'ACTIVE', finishedAt: ctx.now(), updatedAt: ctx.now() }).where(eq(generations.id, generation));
  });
  // Nothing reads or writes a retired (or failed) generation: its rows go after the switch, not inside it.
  const retired = await ctx.db
    .select({ id: generations.id })
    .from(generations)
    .where(inArray(generations.status, ['RETIRED', 'FAILED']));
  await salesStore.deleteGenerations(
    ctx.db,
    retired.map((g) => g.id),
  );
  await salesStore.refreshStatistics(ctx.db);
}
