import { toMoney, type CurrencyCode } from '@zhongtai/kit';
import type { SalesFactRow } from '../../db/tables.ts';
import type { Dimension, SummaryRow } from '../salesStore.ts';
import { figures, type Metric } from '../summary.ts';

/** A CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break; quotes doubled. */
export function csvField(value: string | number | bigint | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  // A leading =, +, - or @ would run as a formula in a spreadsheet: a quote keeps it text.
  const safe = /^[=+\-@]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const csvLine = (fields: (string | number | bigint | null | undefined)[]) => `${fields.map(csvField).join(',')}\r\n`;

/** The columns of a facts export, in order: the dimensions a line was sold under, then its measures as decimals. */
export const FACT_COLUMNS = [
  'paid_day',
  'paid_at',
  'order_id',
  'order_line_id',
  'checkout_id',
  'shop_id',
  'member_id',
  'sku_id',
  'spu_id',
  'category_id',
  'brand_id',
  'member_level_id',
  'region',
  'channel',
  'order_type',
  'order_status',
  'currency',
  'units',
  'gmv',
  'platform_coupon',
  'shop_coupon',
  'promotion',
  'member_level_discount',
  'points',
  'freight',
  'paid',
  'refunded',
  'cost',
] as const;

export function factLine(f: SalesFactRow): string {
  const money = (minor: bigint) => toMoney(minor, f.currency as CurrencyCode).amount;
  return csvLine([
    f.paidDay,
    f.paidAt.toISOString(),
    f.orderId,
    f.orderLineId,
    f.checkoutId,
    f.shopId,
    f.memberId,
    f.skuId,
    f.spuId,
    f.categoryId,
    f.brandId,
    f.memberLevelId,
    f.region,
    f.channel,
    f.orderType,
    f.orderStatus,
    f.currency,
    f.units,
    money(f.gross),
    money(f.platformCoupon),
    money(f.shopCoupon),
    money(f.promotion),
    money(f.memberLevel),
    money(f.points),
    money(f.freight),
    money(f.paid),
    money(f.refunded),
    f.unitCost === null ? null : money(f.cost),
  ]);
}

const KEY_COLUMNS: Record<Dimension, string> = {
  DAY: 'day',
  WEEK: 'week',
  MONTH: 'month',
  SHOP: 'shop_id',
  CATEGORY: 'category_id',
  BRAND: 'brand_id',
  SKU: 'sku_id',
  REGION: 'region',
  MEMBER_LEVEL: 'member_level_id',
  ORDER_TYPE: 'order_type',
  CHANNEL: 'channel',
};

/** Each metric's columns (DISCOUNTS by source and in all, PAID with freight), as salesSummary's figures. */
const METRIC_COLUMNS: Record<Metric, string[]> = {
  GMV: ['gmv'],
  PAID: ['paid', 'freight'],
  REFUNDED: ['refunded'],
  NET: ['net'],
  ORDERS: ['orders'],
  UNITS: ['units'],
  BUYERS: ['buyers'],
  AVERAGE_ORDER_VALUE: ['average_order_value'],
  DISCOUNTS: ['discount_platform_coupon', 'discount_shop_coupon', 'discount_promotion', 'discount_member_level', 'discount_points', 'discount_total'],
  GROSS_MARGIN: ['gross_margin'],
};

export const summaryHeader = (groupBy: Dimension[], metrics: Metric[]) =>
  csvLine([...groupBy.map((d) => KEY_COLUMNS[d]), 'currency', ...metrics.flatMap((m) => METRIC_COLUMNS[m])]);

export function summaryLine(row: SummaryRow, groupBy: Dimension[], metrics: Metric[]): string {
  const f = figures(row.measures, row, row.currency, new Set(metrics));
  const values: Record<Metric, (string | number | null | undefined)[]> = {
    GMV: [f.gmv?.amount],
    PAID: [f.paid?.amount, f.freight?.amount],
    REFUNDED: [f.refunded?.amount],
    NET: [f.net?.amount],
    ORDERS: [f.orders],
    UNITS: [f.units],
    BUYERS: [f.buyers],
    AVERAGE_ORDER_VALUE: [f.averageOrderValue?.amount],
    DISCOUNTS: [
      f.discounts?.platformCoupon.amount,
      f.discounts?.shopCoupon.amount,
      f.discounts?.promotion.amount,
      f.discounts?.memberLevel.amount,
      f.discounts?.points.amount,
      f.discounts?.total.amount,
    ],
    GROSS_MARGIN: [f.grossMargin?.amount],
  };
  return csvLine([...groupBy.map((d) => row.keys[d]), row.currency, ...metrics.flatMap((m) => values[m])]);
}
