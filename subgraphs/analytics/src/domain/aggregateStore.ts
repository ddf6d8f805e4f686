import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '@zhongtai/kit';
import { afterSales, couponClaims, couponRedemptions, orderFunnel, salesFacts, salesRefunds } from '../db/tables.ts';

/**
 * The read models behind refund rates, coupon and campaign performance, buyer cohorts and the
 * order funnel, behind one interface for the same reason as `SalesStore`: a columnar engine fed by
 * the same events can take them over. Writes are idempotent (a key per row, times set once).
 */
export interface AggregateStore {
  recordAfterSale(db: Db, row: typeof afterSales.$inferInsert): Promise<void>;
  recordCouponClaim(db: Db, row: typeof couponClaims.$inferInsert): Promise<void>;
  recordCouponRedemption(db: Db, row: typeof couponRedemptions.$inferInsert): Promise<void>;
  /** Sets the funnel times the step brings (each once: a time already set is kept). */
  recordFunnelStep(db: Db, order: { orderId: string; shopId: string; memberId: string }, step: FunnelStep): Promise<void>;
  refundRates(db: Db, q: AggregateQuery & { groupBy: RefundDimension[] }): Promise<RefundRateSums[]>;
  couponPerformance(db: Db, q: AggregateQuery & { claimScope: SQL | undefined; redemptionScope: SQL | undefined }): Promise<CouponSums[]>;
  campaignPerformance(db: Db, q: AggregateQuery): Promise<CampaignSums[]>;
  buyerCohorts(db: Db, q: AggregateQuery & { period: CohortPeriod }): Promise<CohortSums[]>;
  funnel(db: Db, q: { from: string; to: string; scope: SQL | undefined }): Promise<FunnelCounts>;
  /**
   * The ledger's definition of revenue computed from the facts, per currency: on the business day
   * an order completed, what its lines paid less their refunds before that moment; on the day a
   * refund after completion succeeded, minus that refund.
   */
  recognizedAtCompletion(db: Db, q: Omit<AggregateQuery, 'scope'> & { timeZone: string }): Promise<Map<string, bigint>>;
}

export type FunnelStep =
  | { placedDay: string }
  | { paidAt: Date }
  | { shippedAt: Date }
  | { completedAt: Date }
  | { endedAt: Date; endStatus: 'CANCELLED' | 'CLOSED'; endReason: string | null };

export interface AggregateQuery {
  generation: number;
  /** Business days, inclusive. */
  from: string;
  to: string;
  /** The caller's scope on the facts (the kit's scopedWhere on sales_facts). */
  scope: SQL | undefined;
}

export type RefundDimension = 'SHOP' | 'CATEGORY' | 'REASON';
export type CohortPeriod = 'DAY' | 'WEEK' | 'MONTH';

export interface RefundRateSums {
  shopId: string | null;
  categoryId: string | null;
  reason: string | null;
  currency: string;
  paid: bigint;
  refunded: bigint;
  orders: number;
  refundedOrders: number;
}

export interface SalesSums {
  currency: string;
  orders: number;
  units: number;
  gross: bigint;
  discount: bigint;
  paid: bigint;
  refunded: bigint;
}

export interface CouponSums extends SalesSums {
  templateId: string;
  claimed: number;
  used: number;
}

export interface CampaignSums extends SalesSums {
  campaignId: string;
}

export interface CohortSums {
  period: string;
  currency: string;
  buyers: number;
  newBuyers: number;
  returningBuyers: number;
  newBuyersPaid: bigint;
  returningBuyersPaid: bigint;
}

export interface FunnelCounts {
  placed: number;
  paid: number;
  shipped: number;
  completed: number;
  ended: { status: string; reason: string | null; orders: number }[];
}

const rowsOf = (result: unknown) => (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Record<string, unknown>[];
const and_ = (scope: SQL | undefined) => (scope ? sql`and ${scope}` : sql``);
const big = (v: unknown) => BigInt(String(v ?? 0));

/** The reason a refund share is reported under: its after-sale request's reason code, else why it was made. */
const REASON = sql`case when ${salesRefunds.kind} = 'AFTER_SALE' then coalesce(${afterSales.reasonCode}, 'AFTER_SALE') else ${salesRefunds.kind} end`;

const BUCKETS: Record<CohortPeriod, (column: string) => string> = {
  DAY: (c) => `to_char(${c}, 'YYYY-MM-DD')`,
  WEEK: (c) => `to_char(date_trunc('week', ${c}), 'YYYY-MM-DD')`,
  MONTH: (c) => `to_char(${c}, 'YYYY-MM')`,
};

export class PostgresAggregateStore implements AggregateStore {
  async recordAfterSale(db: Db, row: typeof afterSales.$inferInsert): Promise<void> {
    await db.insert(afterSales).values(row).onConflictDoNothing();
  }

  async recordCouponClaim(db: Db, row: typeof couponClaims.$inferInsert): Promise<void> {
    await db.insert(couponClaims).values(row).onConflictDoNothing();
  }

  async recordCouponRedemption(db: Db, row: typeof couponRedemptions.$inferInsert): Promise<void> {
    await db.insert(couponRedemptions).values(row).onConflictDoNothing();
  }

  async recordFunnelStep(db: Db, order: { orderId: string; shopId: string; memberId: string }, step: FunnelStep): Promise<void> {
    const columns = { placedDay: orderFunnel.placedDay, paidAt: orderFunnel.paidAt, shippedAt: orderFunnel.shippedAt, completedAt: orderFunnel.completedAt };
    const set: Record<string, SQL> = {};
    for (const [key, column] of Object.entries(columns)) if (key in step) set[key] = sql`coalesce(${column}, excluded.${sql.identifier(column.name)})`;
    // The first ending heard stays, with its status and reason.
    if ('endedAt' in step) {
      set.endStatus = sql`case when ${orderFunnel.endedAt} is null then excluded.end_status else ${orderFunnel.endStatus} end`;
      set.endReason = sql`case when ${orderFunnel.endedAt} is null then excluded.end_reason else ${orderFunnel.endReason} end`;
      set.endedAt = sql`coalesce(${orderFunnel.endedAt}, excluded.ended_at)`;
    }
    await db
      .insert(orderFunnel)
      .values({ ...order, ...step })
      .onConflictDoUpdate({ target: orderFunnel.orderId, set });
  }

  async refundRates(db: Db, q: AggregateQuery & { groupBy: RefundDimension[] }): Promise<RefundRateSums[]> {
    const f = salesFacts;
    const shop = q.groupBy.includes('SHOP') ? sql`${f.shopId}` : sql`null::text`;
    const category = q.groupBy.includes('CATEGORY') ? sql`${f.categoryId}` : sql`null::text`;
    const reason = q.groupBy.includes('REASON') ? REASON : sql`null::text`;
    const sales = rowsOf(
      await db.execute(sql`
        select ${shop} as shop_id, ${category} as category_id, ${f.currency} as currency,
               sum(${f.paid})::text as paid, count(distinct ${f.orderId})::int as orders
        from ${f} where ${f.generation} = ${q.generation} and ${f.paidDay} between ${q.from}::date and ${q.to}::date ${and_(q.scope)}
        group by 1, 2, 3`),
    );
    const refunds = rowsOf(
      await db.execute(sql`
        select ${shop} as shop_id, ${category} as category_id, ${reason} as reason, ${f.currency} as currency,
               sum(${salesRefunds.amount})::text as refunded, count(distinct ${salesRefunds.orderId})::int as orders
        from ${salesRefunds}
        join ${f} on ${f.generation} = ${salesRefunds.generation} and ${f.orderLineId} = ${salesRefunds.orderLineId}
        left join ${afterSales} on ${afterSales.requestId} = ${salesRefunds.afterSaleId}
        where ${salesRefunds.generation} = ${q.generation} and ${salesRefunds.refundDay} between ${q.from}::date and ${q.to}::date ${and_(q.scope)}
        group by 1, 2, 3, 4`),
    );
    const groupKey = (r: Record<string, unknown>) => JSON.stringify([r.shop_id ?? null, r.category_id ?? null, r.currency]);
    const paidBy = new Map(sales.map((r) => [groupKey(r), r]));
    const rows = new Map<string, RefundRateSums>();
    const row = (r: Record<string, unknown>, withReason: boolean): RefundRateSums => {
      const key = JSON.stringify([groupKey(r), withReason ? r.reason : null]);
      let out = rows.get(key);
      if (!out) {
        const base = paidBy.get(groupKey(r));
        out = {
          shopId: (r.shop_id as string | null) ?? null,
          categoryId: (r.category_id as string | null) ?? null,
          reason: withReason ? ((r.reason as string | null) ?? null) : null,
          currency: String(r.currency),
          paid: big(base?.paid),
          refunded: 0n,
          orders: Number(base?.orders ?? 0),
          refundedOrders: 0,
        };
        rows.set(key, out);
      }
      return out;
    };
    const byReason = q.groupBy.includes('REASON');
    if (!byReason) for (const r of sales) row(r, false);
    for (const r of refunds) {
      const out = row(r, byReason);
      out.refunded += big(r.refunded);
      out.refundedOrders += Number(r.orders);
    }
    return [...rows.values()].sort((a, b) => order(a, b));
  }

  async couponPerformance(db: Db, q: AggregateQuery & { claimScope: SQL | undefined; redemptionScope: SQL | undefined }): Promise<CouponSums[]> {
    const sums = await this.salesBy(db, q, sql`${salesFacts.couponTemplateId}`, sql`${salesFacts.platformCoupon} + ${salesFacts.shopCoupon}`);
    const claimed = rowsOf(
      await db.execute(sql`
        select ${couponClaims.templateId} as key, count(*)::int as n from ${couponClaims}
        where ${couponClaims.claimedDay} between ${q.from}::date and ${q.to}::date ${and_(q.claimScope)} group by 1`),
    );
    const used = rowsOf(
      await db.execute(sql`
        select ${couponRedemptions.templateId} as key, ${couponRedemptions.currency} as currency, count(*)::int as n from ${couponRedemptions}
        where ${couponRedemptions.redeemedDay} between ${q.from}::date and ${q.to}::date ${and_(q.redemptionScope)} group by 1, 2`),
    );
    const rows = new Map<string, CouponSums>(sums.map((s) => [`${s.key}:${s.currency}`, { ...s, templateId: s.key, claimed: 0, used: 0 }]));
    const at = (templateId: string, currency: string) => {
      const found = [...rows.values()].find((r) => r.templateId === templateId && (r.currency === currency || currency === ''));
      if (found) return found;
      const fresh: CouponSums = {
        templateId,
        currency: currency || 'CNY',
        claimed: 0,
        used: 0,
        orders: 0,
        units: 0,
        gross: 0n,
        discount: 0n,
        paid: 0n,
        refunded: 0n,
      };
      rows.set(`${templateId}:${fresh.currency}`, fresh);
      return fresh;
    };
    for (const r of used) at(String(r.key), String(r.currency)).used += Number(r.n);
    // A claim has no currency of its own: it goes with its template's row.
    for (const r of claimed) at(String(r.key), '').claimed += Number(r.n);
    return [...rows.values()].sort((a, b) => a.templateId.localeCompare(b.templateId) || a.currency.localeCompare(b.currency));
  }

  async campaignPerformance(db: Db, q: AggregateQuery): Promise<CampaignSums[]> {
    const sums = await this.salesBy(db, q, sql`${salesFacts.campaignId}`, sql`${salesFacts.promotion}`);
    return sums.map((s) => ({ ...s, campaignId: s.key })).sort((a, b) => a.campaignId.localeCompare(b.campaignId) || a.currency.localeCompare(b.currency));
  }

  /** Sales on their paid day and refunds on theirs, of the lines with a non-null `key`, per key and currency. */
  private async salesBy(db: Db, q: AggregateQuery, key: SQL, discount: SQL): Promise<(SalesSums & { key: string })[]> {
    const f = salesFacts;
    const sales = rowsOf(
      await db.execute(sql`
        select ${key} as key, ${f.currency} as currency, count(distinct ${f.orderId})::int as orders, sum(${f.units})::int as units,
               sum(${f.gross})::text as gross, sum(${discount})::text as discount, sum(${f.paid})::text as paid
        from ${f} where ${f.generation} = ${q.generation} and ${key} is not null
          and ${f.paidDay} between ${q.from}::date and ${q.to}::date ${and_(q.scope)}
        group by 1, 2`),
    );
    const refunds = rowsOf(
      await db.execute(sql`
        select ${key} as key, ${f.currency} as currency, sum(${salesRefunds.amount})::text as refunded
        from ${salesRefunds} join ${f} on ${f.generation} = ${salesRefunds.generation} and ${f.orderLineId} = ${salesRefunds.orderLineId}
        where ${salesRefunds.generation} = ${q.generation} and ${key} is not null
          and ${salesRefunds.refundDay} between ${q.from}::date and ${q.to}::date ${and_(q.scope)}
        group by 1, 2`),
    );
    const out = new Map<string, SalesSums & { key: string }>();
    const zero = (r: Record<string, unknown>) => ({
      key: String(r.key),
      currency: String(r.currency),
      orders: 0,
      units: 0,
      gross: 0n,
      discount: 0n,
      paid: 0n,
      refunded: 0n,
    });
    for (const r of sales)
      out.set(`${String(r.key)}:${String(r.currency)}`, {
        ...zero(r),
        orders: Number(r.orders),
        units: Number(r.units),
        gross: big(r.gross),
        discount: big(r.discount),
        paid: big(r.paid),
      });
    for (const r of refunds) {
      const k = `${String(r.key)}:${String(r.currency)}`;
      const row = out.get(k) ?? zero(r);
      row.refunded += big(r.refunded);
      out.set(k, row);
    }
    return [...out.values()];
  }

  async buyerCohorts(db: Db, q: AggregateQuery & { period: CohortPeriod }): Promise<CohortSums[]> {
    const f = salesFacts;
    const bucket = BUCKETS[q.period];
    // A buyer is new in the period of their first purchase within the caller's scope (a merchant: its shop), returning after.
    const result = await db.execute(sql`
      with firsts as (
        select ${f.memberId} as member_id, min(${f.paidDay}) as first_day from ${f} where ${f.generation} = ${q.generation} ${and_(q.scope)} group by 1
      ), buyers as (
        select ${sql.raw(bucket('sales_facts.paid_day'))} as period, ${f.memberId} as member_id, ${f.currency} as currency, sum(${f.paid}) as paid
        from ${f} where ${f.generation} = ${q.generation} and ${f.paidDay} between ${q.from}::date and ${q.to}::date ${and_(q.scope)}
        group by 1, 2, 3
      )
      select b.period, b.currency, count(*)::int as buyers,
             count(*) filter (where ${sql.raw(bucket('firsts.first_day'))} = b.period)::int as new_buyers,
             coalesce(sum(b.paid) filter (where ${sql.raw(bucket('firsts.first_day'))} = b.period), 0)::text as new_paid,
             coalesce(sum(b.paid) filter (where ${sql.raw(bucket('firsts.first_day'))} <> b.period), 0)::text as returning_paid
      from buyers b join firsts on firsts.member_id = b.member_id
      group by 1, 2 order by 1, 2`);
    return rowsOf(result).map((r) => ({
      period: String(r.period),
      currency: String(r.currency),
      buyers: Number(r.buyers),
      newBuyers: Number(r.new_buyers),
      returningBuyers: Number(r.buyers) - Number(r.new_buyers),
      newBuyersPaid: big(r.new_paid),
      returningBuyersPaid: big(r.returning_paid),
    }));
  }

  recognizedAtCompletion(db: Db, q: Omit<AggregateQuery, 'scope'> & { timeZone: string }): Promise<Map<string, bigint>> {
    return recognized(db, q);
  }

  async funnel(db: Db, q: { from: string; to: string; scope: SQL | undefined }): Promise<FunnelCounts> {
    const o = orderFunnel;
    const where = sql`${o.placedDay} between ${q.from}::date and ${q.to}::date ${and_(q.scope)}`;
    const [counts] = rowsOf(
      await db.execute(sql`
        select count(*)::int as placed, count(${o.paidAt})::int as paid, count(${o.shippedAt})::int as shipped, count(${o.completedAt})::int as completed
        from ${o} where ${where}`),
    );
    const ended = rowsOf(
      await db.execute(sql`
        select ${o.endStatus} as status, ${o.endReason} as reason, count(*)::int as orders from ${o}
        where ${where} and ${o.endedAt} is not null group by 1, 2 order by 1, 2 nulls first`),
    );
    return {
      placed: Number(counts?.placed ?? 0),
      paid: Number(counts?.paid ?? 0),
      shipped: Number(counts?.shipped ?? 0),
      completed: Number(counts?.completed ?? 0),
      ended: ended.map((r) => ({ status: String(r.status), reason: (r.reason as string | null) ?? null, orders: Number(r.orders) })),
    };
  }
}

/** Kept outside the class body so the SQL reads in one piece. */
async function recognized(db: Db, q: Omit<AggregateQuery, 'scope'> & { timeZone: string }): Promise<Map<string, bigint>> {
  const f = salesFacts;
  const r = salesRefunds;
  const o = orderFunnel;
  const completedDay = sql`(${o.completedAt} at time zone ${q.timeZone})::date`;
  const result = await db.execute(sql`
    select currency, sum(amount)::text as amount from (
      select ${f.currency} as currency, ${f.paid} - coalesce((
        select sum(x.amount) from ${r} x where x.generation = ${f.generation} and x.order_line_id = ${f.orderLineId} and x.refunded_at < ${o.completedAt}
      ), 0) as amount
      from ${f} join ${o} on ${o.orderId} = ${f.orderId}
      where ${f.generation} = ${q.generation} and ${o.completedAt} is not null and ${completedDay} between ${q.from}::date and ${q.to}::date
      union all
      select ${f.currency}, -${r.amount}
      from ${r} join ${f} on ${f.generation} = ${r.generation} and ${f.orderLineId} = ${r.orderLineId}
      join ${o} on ${o.orderId} = ${r.orderId}
      where ${r.generation} = ${q.generation} and ${o.completedAt} is not null and ${r.refundedAt} >= ${o.completedAt}
        and ${r.refundDay} between ${q.from}::date and ${q.to}::date
    ) recognized group by 1`);
  return new Map(rowsOf(result).map((row) => [String(row.currency), big(row.amount)]));
}

const order = (a: RefundRateSums, b: RefundRateSums) =>
  String(a.shopId ?? '').localeCompare(String(b.shopId ?? '')) ||
  String(a.categoryId ?? '').localeCompare(String(b.categoryId ?? '')) ||
  String(a.reason ?? '').localeCompare(String(b.reason ?? '')) ||
  a.currency.localeCompare(b.currency);

/** The store the center runs on. */
export const aggregateStore: AggregateStore = new PostgresAggregateStore();
