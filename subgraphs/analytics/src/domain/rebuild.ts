import { and, desc, eq, inArray, isNull, max, sql } from 'drizzle-orm';
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
import { dayShopCategory, daySku, generations, salesFacts, salesRefunds, type GenerationRow } from '../db/tables.ts';
import { activeGeneration } from './generations.ts';
import { factsOfPaidOrder, factsRefunded, saveRefund } from './sales.ts';
import { salesStore } from './salesStore.ts';

/** A page row of the owning centers' replay queries (orders' soldOrders, payments' succeededRefunds). */
type SoldOrder = { id: string; status: string; paid: string };
type SucceededRefund = { id: string; refund: string };

/** The job that replays the owning centers into a BUILDING generation, then makes it ACTIVE. */
export const REBUILD_JOB = 'rebuildSalesFacts';
export type SalesFactsRebuildRow = GenerationRow;

const PAGE = 500;

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
 * (payments' succeededRefunds, paged) into refund shares, the member levels and costs the active
 * generation learned copied over; then, in one transaction, the new generation becomes ACTIVE and
 * the old one RETIRED (its rows deleted). Everything it writes is idempotent, so a retried job
 * starts again from the first page and changes nothing twice.
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
    await ctx.db.transaction(async (tx) => {
      // The whole page in one call: the store writes it in a few statements.
      const facts = soldOrders.flatMap((order) => factsOfPaidOrder(JSON.parse(order.paid) as OrderPaidEvent).map((f) => ({ ...f, orderStatus: order.status })));
      await salesStore.recordSale(tx, generation, facts);
      replayed += soldOrders.length;
      await tx.update(generations).set({ ordersReplayed: replayed, updatedAt: ctx.now() }).where(eq(generations.id, generation));
    });
    after = soldOrders.at(-1)?.id ?? null;
  }
}

async function replayRefunds(ctx: RequestContext, generation: number): Promise<void> {
  let after: string | null = null;
  let replayed = 0;
  for (;;) {
    const { succeededRefunds }: { succeededRefunds: SucceededRefund[] } = await ctx.services.call(paymentsService.succeededRefunds, { after, first: PAGE });
    if (!succeededRefunds.length) return;
    await ctx.db.transaction(async (tx) => {
      const inTx = { ...ctx, db: tx };
      for (const { refund: text } of succeededRefunds) {
        const refund = JSON.parse(text) as EventCatalog['RefundSucceeded'];
        await saveRefund(inTx, generation, refund, await factsRefunded(inTx, generation, refund));
      }
      replayed += succeededRefunds.length;
      await tx.update(generations).set({ refundsReplayed: replayed, updatedAt: ctx.now() }).where(eq(generations.id, generation));
    });
    after = succeededRefunds.at(-1)?.id ?? null;
  }
}

/** What the active generation learned by its jobs (member level, cost), onto the new one; then the switch. */
async function switchTo(ctx: RequestContext, generation: number): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('analytics.rebuild'))`);
    const [active] = await tx.select().from(generations).where(eq(generations.status, 'ACTIVE'));
    if (active) {
      const learned = await tx
        .select({ orderLineId: salesFacts.orderLineId, orderId: salesFacts.orderId, unitCost: salesFacts.unitCost, memberLevelId: salesFacts.memberLevelId })
        .from(salesFacts)
        .where(eq(salesFacts.generation, active.id));
      for (const fact of learned) {
        if (fact.unitCost !== null) await salesStore.setUnitCost(tx, generation, fact.orderLineId, fact.unitCost);
        if (fact.memberLevelId !== null)
          await tx
            .update(salesFacts)
            .set({ memberLevelId: fact.memberLevelId })
            .where(and(eq(salesFacts.generation, generation), eq(salesFacts.orderLineId, fact.orderLineId), isNull(salesFacts.memberLevelId)));
      }
      await tx.update(generations).set({ status: 'RETIRED', updatedAt: ctx.now() }).where(eq(generations.id, active.id));
    }
    await tx.update(generations).set({ status: 'ACTIVE', finishedAt: ctx.now(), updatedAt: ctx.now() }).where(eq(generations.id, generation));
    const retired = tx.select({ id: generations.id }).from(generations).where(eq(generations.status, 'RETIRED'));
    for (const table of [salesFacts, salesRefunds, dayShopCategory, daySku]) await tx.delete(table).where(inArray(table.generation, retired));
  });
}
