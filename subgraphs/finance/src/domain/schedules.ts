import { inArray } from 'drizzle-orm';
import { assertCan, isId, ok, Problems, type RequestContext, type Result } from '@zhongtai/kit';
import { settlementSchedules, type SettlementScheduleRow } from '../db/tables.ts';
import { SHOP_ID_PREFIX } from './ids.ts';
import { scheduleTenancy } from './tenancy.ts';
import { present } from './rows.ts';

export type StatementPeriod = 'DAILY' | 'WEEKLY';

/** An operator chooses how often the daily job settles a shop: every day, or once a week (Mondays). */
export async function setSettlementSchedule(ctx: RequestContext, input: { shopId: string; period: StatementPeriod }): Promise<Result<SettlementScheduleRow>> {
  const problems = new Problems();
  problems.check(isId(SHOP_ID_PREFIX, input.shopId), ['input', 'shopId'], 'INVALID_ID', 'Not a shop id');
  problems.check(input.period === 'DAILY' || input.period === 'WEEKLY', ['input', 'period'], 'INVALID', 'DAILY or WEEKLY');
  if (problems.any) return problems.refuse();
  assertCan(ctx, scheduleTenancy, { shopId: input.shopId } as SettlementScheduleRow, 'write');
  const now = ctx.now();
  const [row] = await ctx.db
    .insert(settlementSchedules)
    .values({ shopId: input.shopId, period: input.period, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({ target: settlementSchedules.shopId, set: { period: input.period, updatedAt: now } })
    .returning();
  return ok(present(row, 'the schedule'));
}

/** Each shop's period (DAILY when it has no schedule). */
export async function periodsOf(ctx: RequestContext, shopIds: string[]): Promise<Map<string, StatementPeriod>> {
  if (!shopIds.length) return new Map();
  const rows = await ctx.db.select().from(settlementSchedules).where(inArray(settlementSchedules.shopId, shopIds));
  return new Map(rows.map((r) => [r.shopId, r.period]));
}

/** A weekly statement ends on Monday 00:00 UTC (it covers Monday to Sunday). */
export const endsAWeek = (periodEnd: Date): boolean => periodEnd.getUTCDay() === 1;
