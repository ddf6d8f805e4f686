import { and, asc, eq, inArray, isNotNull, isNull, lt, sql, type SQL } from 'drizzle-orm';
import {
  aftersalesService,
  assertCan,
  CURRENCY_CODES,
  isId,
  listTable,
  loadScoped,
  newId,
  ok,
  Problems,
  rowById,
  scopedWhere,
  type ConnectionArgs,
  type CurrencyCode,
  type RequestContext,
  type Result,
} from '@zhongtai/kit';
import { payouts, settlementItems, settlementStatements, shopOrders, type SettlementItemRow, type SettlementStatementRow } from '../db/tables.ts';
import { SHOP_ID_PREFIX, STATEMENT_ID_PREFIX } from './ids.ts';
import { itemSettleable, openingBalance, periodStart, statementTotals, type OrderStanding } from './settlementMath.ts';
import { endsAWeek, periodsOf } from './schedules.ts';
import { statementTenancy } from './tenancy.ts';
import { present } from './rows.ts';

/** Which of these orders have an after-sale request open: asked of the after-sales center. */
export type OpenAfterSales = (ctx: RequestContext, orderIds: string[]) => Promise<Set<string>>;

export const askAftersales: OpenAfterSales = async (ctx, orderIds) => {
  const open = new Set<string>();
  for (let i = 0; i < orderIds.length; i += 1000) {
    const { openAfterSaleOrders } = await ctx.services.call(aftersalesService.openAfterSaleOrders, { orderIds: orderIds.slice(i, i + 1000) });
    openAfterSaleOrders.forEach((id) => open.add(id));
  }
  return open;
};

export interface GenerateStatementInput {
  shopId: string;
  currencyCode: CurrencyCode;
  period: 'DAILY' | 'WEEKLY';
  periodEnd: string | Date;
  /** The scheduled run makes no statement that would be empty (nothing to settle, nothing carried over). */
  skipEmpty?: boolean;
}

/**
 * 生成结算单: a DRAFT statement of the shop's settleable items that happened before `periodEnd`
 * (its orders T+N days after completion with no after-sale request open, their refunds, the
 * adjustments), opening with what earlier statements left unpaid. Items are taken once: the
 * statement id is set only on items still without one.
 */
export async function generateStatement(
  ctx: RequestContext,
  input: GenerateStatementInput,
  openAfterSales: OpenAfterSales = askAftersales,
): Promise<Result<SettlementStatementRow | null>> {
  const problems = new Problems();
  problems.check(isId(SHOP_ID_PREFIX, input.shopId), ['input', 'shopId'], 'INVALID', 'Not a shop id');
  problems.check(CURRENCY_CODES.includes(input.currencyCode), ['input', 'currencyCode'], 'INVALID', 'Unknown currency');
  const periodEnd = new Date(input.periodEnd);
  problems.check(
    !Number.isNaN(periodEnd.getTime()) && periodEnd.getTime() <= ctx.now().getTime(),
    ['input', 'periodEnd'],
    'INVALID',
    'A period ends now or earlier',
  );
  if (problems.any) return problems.refuse();
  assertCan(ctx, statementTenancy, { shopId: input.shopId } as SettlementStatementRow, 'write');
  const open = await ctx.db
    .select()
    .from(settlementItems)
    .where(
      and(
        eq(settlementItems.shopId, input.shopId),
        eq(settlementItems.currency, input.currencyCode),
        isNull(settlementItems.statementId),
        lt(settlementItems.occurredAt, periodEnd),
      ),
    );
  const standing = await orderStandings(ctx, open, openAfterSales);
  const taken = open.filter((item) => itemSettleable(item, item.orderId ? standing.get(item.orderId) : undefined, periodEnd));
  return ctx.db.transaction(async (tx) => {
    // One generation per shop and currency at a time: the opening balance reads the statements
    // before it, which a concurrent generation (the job and an operator) may be writing.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`finance.statement:${input.shopId}:${input.currencyCode}`}))`);
    const previous = await tx
      .select()
      .from(settlementStatements)
      .where(and(eq(settlementStatements.shopId, input.shopId), eq(settlementStatements.currency, input.currencyCode)))
      .for('update');
    if (previous.some((s) => s.periodEnd.getTime() >= periodEnd.getTime()))
      return problems.add(['input', 'periodEnd'], 'DUPLICATE', 'The shop has a statement for this period or a later one').refuse();
    const paidOut = previous.length
      ? await tx
          .select()
          .from(payouts)
          .where(
            inArray(
              payouts.statementId,
              previous.map((s) => s.id),
            ),
          )
      : [];
    const opening = openingBalance(previous, paidOut);
    const id = newId(STATEMENT_ID_PREFIX);
    // Claims the items; one another request took meanwhile is left out (and counted by that one).
    const claimed = taken.length
      ? await tx
          .update(settlementItems)
          .set({ statementId: id })
          .where(
            and(
              inArray(
                settlementItems.id,
                taken.map((i) => i.id),
              ),
              isNull(settlementItems.statementId),
            ),
          )
          .returning()
      : [];
    if (input.skipEmpty && !claimed.length && opening === 0n) return ok(null);
    const totals = statementTotals(opening, claimed);
    const [row] = await tx
      .insert(settlementStatements)
      .values({
        id,
        shopId: input.shopId,
        currency: input.currencyCode,
        period: input.period,
        periodStart: periodStart(input.period, periodEnd),
        periodEnd,
        openingBalance: opening,
        ...totals,
      })
      .returning();
    return ok(present(row, 'the new statement'));
  });
}

/** Each order's standing: settleable from when, whether its revenue is on a statement, whether an after-sale request is open. */
async function orderStandings(ctx: RequestContext, items: SettlementItemRow[], openAfterSales: OpenAfterSales): Promise<Map<string, OrderStanding>> {
  const orderIds = [...new Set(items.map((i) => i.orderId).filter((id): id is string => Boolean(id)))];
  if (!orderIds.length) return new Map();
  const orders = await ctx.db.select().from(shopOrders).where(inArray(shopOrders.orderId, orderIds));
  const settledRevenue = await ctx.db
    .select({ orderId: settlementItems.orderId })
    .from(settlementItems)
    .where(and(inArray(settlementItems.orderId, orderIds), eq(settlementItems.kind, 'ORDER'), isNotNull(settlementItems.statementId)));
  const settled = new Set(settledRevenue.map((r) => r.orderId));
  // Only orders whose revenue still waits need the after-sales center's word.
  const open = await openAfterSales(
    ctx,
    orderIds.filter((id) => !settled.has(id)),
  );
  return new Map(orders.map((o) => [o.orderId, { settleableAt: o.settleableAt, settled: settled.has(o.orderId), afterSaleOpen: open.has(o.orderId) }]));
}

/** 确认: an operator confirms a DRAFT statement; the payout of its amount due goes out (payouts.ts). */
export async function markConfirmed(ctx: RequestContext, tx: RequestContext['db'], statement: SettlementStatementRow): Promise<SettlementStatementRow | null> {
  const now = ctx.now();
  const [row] = await tx
    .update(settlementStatements)
    .set({ status: 'CONFIRMED', confirmedBy: ctx.claims?.subject ?? 'system', confirmedAt: now, updatedAt: now })
    .where(and(eq(settlementStatements.id, statement.id), eq(settlementStatements.status, 'DRAFT')))
    .returning();
  return row ?? null;
}

export function loadStatement(ctx: RequestContext, id: string): Promise<SettlementStatementRow | null> {
  return rowById(ctx, 'finance.settlement_statements', settlementStatements, STATEMENT_ID_PREFIX, id);
}

export function findStatement(ctx: RequestContext, id: string): Promise<SettlementStatementRow | null> {
  return loadScoped(ctx, statementTenancy, loadStatement(ctx, id), 'read');
}

export interface StatementFilter {
  shopId?: string | null;
  status?: 'DRAFT' | 'CONFIRMED' | null;
}

/** A shop's statements (a merchant: its own; another shop asked for is FORBIDDEN), newest period first. */
export function listStatements(ctx: RequestContext, args: ConnectionArgs, filter: StatementFilter = {}) {
  const where: (SQL | undefined)[] = [scopedWhere(ctx, statementTenancy, { shopId: filter.shopId })];
  if (filter.status) where.push(eq(settlementStatements.status, filter.status));
  return listTable(ctx.db, settlementStatements, args, { where: and(...where), sort: { column: settlementStatements.periodEnd, direction: 'DESC' } });
}

/** The statement's lines, each an item traceable to its order and journal entry. */
export function statementLines(ctx: RequestContext, statement: SettlementStatementRow, args: ConnectionArgs) {
  return listTable(ctx.db, settlementItems, args, {
    where: eq(settlementItems.statementId, statement.id),
    sort: { column: settlementItems.occurredAt, direction: 'ASC' },
  });
}

/** Every line of a statement (tests and the payout check that they add up). */
export function allStatementLines(ctx: RequestContext, statementId: string): Promise<SettlementItemRow[]> {
  return ctx.db
    .select()
    .from(settlementItems)
    .where(eq(settlementItems.statementId, statementId))
    .orderBy(asc(settlementItems.occurredAt), asc(settlementItems.id));
}

export const DAILY_STATEMENTS_JOB = 'generateDailyStatements';

/** Midnight UTC of the day `at` falls in: a daily statement covers the UTC day before it. */
export const startOfUtcDay = (at: Date): Date => new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));

/**
 * The daily run (cron, just after midnight UTC): yesterday's statement for every shop and currency
 * with something to settle or carry over; a shop on a WEEKLY schedule gets last week's, on Mondays only. Idempotent: a shop that already has a statement for
 * this period (or a later one, an operator's) is skipped, and a run that dies half way is
 * finished by the next one. Returns the statements made.
 */
export async function generateDueStatements(ctx: RequestContext, openAfterSales: OpenAfterSales = askAftersales): Promise<SettlementStatementRow[]> {
  const periodEnd = startOfUtcDay(ctx.now());
  const waiting = ctx.db
    .selectDistinct({ shopId: settlementItems.shopId, currency: settlementItems.currency })
    .from(settlementItems)
    .where(and(isNull(settlementItems.statementId), lt(settlementItems.occurredAt, periodEnd)));
  const carried = ctx.db.selectDistinct({ shopId: settlementStatements.shopId, currency: settlementStatements.currency }).from(settlementStatements);
  const shops = await waiting.union(carried);
  const periods = await periodsOf(ctx, [...new Set(shops.map((s) => s.shopId))]);
  const made: SettlementStatementRow[] = [];
  for (const { shopId, currency } of shops) {
    const period = periods.get(shopId) ?? 'DAILY';
    // A weekly shop waits for the end of its week; its items stay unsettled until then.
    if (period === 'WEEKLY' && !endsAWeek(periodEnd)) continue;
    const result = await generateStatement(ctx, { shopId, currencyCode: currency, period, periodEnd, skipEmpty: true }, openAfterSales);
    if (!result.ok) {
      // DUPLICATE: this period is done already. Anything else is a bug worth a retry.
      if (result.errors.some((e) => e.code === 'DUPLICATE')) continue;
      throw new Error(`daily statement of ${shopId} ${currency} refused: ${JSON.stringify(result.errors)}`);
    }
    if (result.value) made.push(result.value);
  }
  return made;
}
