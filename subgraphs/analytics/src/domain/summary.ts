import { or, type SQL } from 'drizzle-orm';
import { badUserInput, scopedWhere, toMoney, type CurrencyCode, type Money, type RequestContext, type Tenancy } from '@zhongtai/kit';
import type { Measures } from '../db/tables.ts';
import { activeGeneration } from './generations.ts';
import { checkPeriod } from './period.ts';
import { rollupFor, salesStore, type Dimension, type SalesScope, type SummaryFilter, type SummaryRow, type TopSkuMeasure } from './salesStore.ts';
import { dayShopCategoryTenancy, dayShopTenancy, daySkuTenancy, monthSkuTenancy, salesFactTenancy } from './tenancy.ts';

export type Metric = 'GMV' | 'PAID' | 'REFUNDED' | 'NET' | 'ORDERS' | 'UNITS' | 'BUYERS' | 'AVERAGE_ORDER_VALUE' | 'DISCOUNTS' | 'GROSS_MARGIN';
export const ALL_METRICS: Metric[] = ['GMV', 'PAID', 'REFUNDED', 'NET', 'ORDERS', 'UNITS', 'BUYERS', 'AVERAGE_ORDER_VALUE', 'DISCOUNTS', 'GROSS_MARGIN'];

export interface SalesFilterInput extends SummaryFilter {
  shopIds?: string[] | null;
}

/** The caller's rows of a table: its own shop for a merchant, and only the shops asked for (another shop's: FORBIDDEN). */
export function scopeOf(ctx: RequestContext, scope: Tenancy, shopIds: string[] | null | undefined): SQL | undefined {
  if (!shopIds?.length) return scopedWhere(ctx, scope);
  return or(...shopIds.map((shopId) => scopedWhere(ctx, scope, { shopId })));
}

export function salesScope(ctx: RequestContext, shopIds: string[] | null | undefined): SalesScope {
  return {
    facts: scopeOf(ctx, salesFactTenancy, shopIds),
    dayShop: scopeOf(ctx, dayShopTenancy, shopIds),
    dayShopCategory: scopeOf(ctx, dayShopCategoryTenancy, shopIds),
    daySku: scopeOf(ctx, daySkuTenancy, shopIds),
    monthSku: scopeOf(ctx, monthSkuTenancy, shopIds),
  };
}

export interface Figures {
  gmv: Money | null;
  paid: Money | null;
  refunded: Money | null;
  net: Money | null;
  orders: number | null;
  units: number | null;
  buyers: number | null;
  averageOrderValue: Money | null;
  discounts: { platformCoupon: Money; shopCoupon: Money; promotion: Money; memberLevel: Money; points: Money; total: Money } | null;
  freight: Money | null;
  grossMargin: Money | null;
}

/** The figures of a group, only those asked for. */
export function figures(measures: Measures, counts: { orders: number; buyers: number }, currency: string, metrics: ReadonlySet<Metric>): Figures {
  const money = (minor: bigint) => toMoney(minor, currency as CurrencyCode);
  const ask = <T>(metric: Metric, value: () => T): T | null => (metrics.has(metric) ? value() : null);
  const discountTotal = measures.platformCoupon + measures.shopCoupon + measures.promotion + measures.memberLevel + measures.points;
  return {
    gmv: ask('GMV', () => money(measures.gross)),
    paid: ask('PAID', () => money(measures.paid)),
    refunded: ask('REFUNDED', () => money(measures.refunded)),
    net: ask('NET', () => money(measures.paid - measures.refunded)),
    orders: ask('ORDERS', () => counts.orders),
    units: ask('UNITS', () => measures.units),
    buyers: ask('BUYERS', () => counts.buyers),
    // Rounded down to the minor unit: an average is never more than was paid.
    averageOrderValue: ask('AVERAGE_ORDER_VALUE', () => (counts.orders ? money(measures.paid / BigInt(counts.orders)) : null)),
    discounts: ask('DISCOUNTS', () => ({
      platformCoupon: money(measures.platformCoupon),
      shopCoupon: money(measures.shopCoupon),
      promotion: money(measures.promotion),
      memberLevel: money(measures.memberLevel),
      points: money(measures.points),
      total: money(discountTotal),
    })),
    freight: ask('PAID', () => money(measures.freight)),
    grossMargin: ask('GROSS_MARGIN', () => (measures.costedRevenue || measures.cost ? money(measures.costedRevenue - measures.cost) : null)),
  };
}

const KEY_FIELDS: Record<Dimension, string> = {
  DAY: 'day',
  WEEK: 'week',
  MONTH: 'month',
  SHOP: 'shop',
  CATEGORY: 'categoryId',
  BRAND: 'brandId',
  SKU: 'sku',
  REGION: 'region',
  MEMBER_LEVEL: 'memberLevelId',
  ORDER_TYPE: 'orderType',
  CHANNEL: 'channel',
};
const ENTITY: Partial<Record<Dimension, string>> = { SHOP: 'Shop', SKU: 'Sku' };

function keysOf(row: SummaryRow) {
  const keys: Record<string, unknown> = {};
  for (const [dimension, value] of Object.entries(row.keys) as [Dimension, string | null][]) {
    const entity = ENTITY[dimension];
    keys[KEY_FIELDS[dimension]] = entity ? (value === null ? null : { __typename: entity, id: value }) : value;
  }
  return keys;
}

/** salesSummary: rows (keys and figures) and the totals per currency. */
export async function salesSummary(ctx: RequestContext, filter: SalesFilterInput, groupBy: Dimension[], metrics: Metric[] | null | undefined) {
  // The caller's shops first: a merchant aiming at another shop is FORBIDDEN whatever else it asked.
  const scope = salesScope(ctx, filter.shopIds);
  checkPeriod(filter.from, filter.to);
  const asked = new Set<Metric>(metrics?.length ? metrics : ALL_METRICS);
  const dims = [...new Set(groupBy)];
  const withCounts = asked.has('ORDERS') || asked.has('BUYERS') || asked.has('AVERAGE_ORDER_VALUE');
  const generation = await activeGeneration(ctx.db);
  const rows = await salesStore.summary(ctx.db, { generation, groupBy: dims, filter, scope, withCounts });
  const totals = dims.length ? await salesStore.summary(ctx.db, { generation, groupBy: [], filter, scope, withCounts }) : rows;
  return {
    rows: rows.map((r) => ({ keys: keysOf(r), figures: figures(r.measures, r, r.currency, asked) })),
    totals: totals.map((r) => figures(r.measures, r, r.currency, asked)),
    source: rollupFor({ groupBy: dims, filter }) ? 'ROLLUP' : 'FACTS',
  };
}

export type { TopSkuMeasure };

/**
 * topSkus: the period's SKUs ranked by GMV, units or net, ties by SKU id, ranked and cut by
 * PostgreSQL over the month x SKU rollup (whole months) and the day x SKU rollup (the days at the
 * period's ends): only the `first` rows come back.
 */
export async function topSkus(ctx: RequestContext, period: { from: string; to: string }, by: TopSkuMeasure, first: number, shopIds?: string[] | null) {
  const scope = salesScope(ctx, shopIds);
  checkPeriod(period.from, period.to);
  if (first < 1 || first > 100) throw badUserInput('first must be between 1 and 100', ['first']);
  const generation = await activeGeneration(ctx.db);
  const rows = await salesStore.topSkus(ctx.db, { generation, from: period.from, to: period.to, by, first, scope });
  return rows.map((r, i) => {
    const money = (minor: bigint) => toMoney(minor, r.currency as CurrencyCode);
    return {
      rank: i + 1,
      sku: { __typename: 'Sku', id: r.skuId },
      shop: { __typename: 'Shop', id: r.shopId },
      gmv: money(r.gross),
      units: r.units,
      net: money(r.net),
    };
  });
}
