import { sql } from 'drizzle-orm';
import {
  anyOf,
  newId,
  parseUnitPrice,
  toMoney,
  type CurrencyCode,
  type Db,
  type Money,
  type MoneyInput,
  type Problems,
  type RequestContext,
  can,
} from '@zhongtai/kit';
import { skuTenancy } from '../tenancy.ts';
import { priceChanges, skus, spus, type PriceChangeRow, type SkuRow } from '../../db/tables.ts';
import { PRICE_CHANGE_ID_PREFIX } from '../ids.ts';

/** The three prices of a SKU as a client sends them; an omitted one stays as it is. */
export interface PricesInput {
  salePrice?: MoneyInput | null;
  listPrice?: MoneyInput | null;
  costPrice?: MoneyInput | null;
}

/** New prices in minor units; undefined = unchanged. */
export interface PriceSet {
  sale?: bigint;
  list?: bigint;
  cost?: bigint;
}

const money = (amount: bigint | null, currency: string): Money | null => (amount === null ? null : toMoney(amount, currency as CurrencyCode));

export const salePrice = (sku: Pick<SkuRow, 'priceAmount' | 'priceCurrency'>) => money(sku.priceAmount, sku.priceCurrency)!;
export const listPrice = (sku: SkuRow) => money(sku.listPriceAmount, sku.priceCurrency);

/** Cost is the shop's, the platform's and the analysts' (margins): null for customers and other shops. */
export function costPrice(ctx: RequestContext, row: { shopId: string; currency: string; amount: bigint | null }): Money | null {
  return can(ctx, skuTenancy, row, 'read') ? money(row.amount, row.currency) : null;
}

/** Parses the prices of one input, all in the shop's `currency`; problems name `field`.salePrice etc. */
export function parsePrices(
  problems: Problems,
  input: PricesInput,
  field: string[],
  currency: string | undefined,
  saleField = 'salePrice',
): PriceSet | undefined {
  const before = problems.errors.length;
  const out: PriceSet = {};
  for (const [key, name] of [
    ['sale', 'salePrice'],
    ['list', 'listPrice'],
    ['cost', 'costPrice'],
  ] as const) {
    const value = input[name];
    if (!value) continue;
    const at = [...field, name === 'salePrice' ? saleField : name];
    if (currency && value.currencyCode !== currency) {
      problems.add([...at, 'currencyCode'], 'CURRENCY_MISMATCH', `The shop prices in ${currency}, not ${value.currencyCode}`);
      continue;
    }
    const amount = parseUnitPrice(value, problems, at);
    if (amount !== undefined) out[key] = amount;
  }
  return problems.errors.length === before ? out : undefined;
}

/** A sale price above the crossed-out list price would advertise a discount that is not one. */
export function checkPriceOrder(
  problems: Problems,
  current: Pick<SkuRow, 'priceAmount' | 'listPriceAmount'> | null,
  next: PriceSet,
  field: string[],
  saleField = 'salePrice',
): boolean {
  const sale = next.sale ?? current?.priceAmount;
  const list = next.list ?? current?.listPriceAmount ?? null;
  return problems.check(
    sale === undefined || list === null || sale <= list,
    [...field, saleField, 'amount'],
    'OUT_OF_RANGE',
    'The sale price cannot exceed the list price',
  );
}

export function changesPrices(sku: SkuRow, next: PriceSet): boolean {
  return (
    (next.sale !== undefined && next.sale !== sku.priceAmount) ||
    (next.list !== undefined && next.list !== sku.listPriceAmount) ||
    (next.cost !== undefined && next.cost !== sku.costPriceAmount)
  );
}

export type PriceSource = PriceChangeRow['source'];

/** One APPLIED history row per SKU whose prices change: what it was, what it became, who, why. */
export async function recordAppliedPrices(
  db: Db,
  ctx: RequestContext,
  changes: { sku: SkuRow; next: PriceSet }[],
  source: PriceSource,
  reason: string | null = null,
): Promise<void> {
  const now = new Date();
  const rows = changes.map(({ sku, next }) => ({
    id: newId(PRICE_CHANGE_ID_PREFIX),
    skuId: sku.id,
    shopId: sku.shopId,
    currency: sku.priceCurrency,
    salePriceAmount: next.sale ?? sku.priceAmount,
    listPriceAmount: next.list ?? sku.listPriceAmount,
    costPriceAmount: next.cost ?? sku.costPriceAmount,
    previousSalePriceAmount: source === 'CREATED' ? null : sku.priceAmount,
    previousListPriceAmount: source === 'CREATED' ? null : sku.listPriceAmount,
    previousCostPriceAmount: source === 'CREATED' ? null : sku.costPriceAmount,
    status: 'APPLIED' as const,
    source,
    reason,
    effectiveAt: now,
    appliedAt: now,
    actor: ctx.claims?.subject ?? 'system',
  }));
  for (let i = 0; i < rows.length; i += 500) await db.insert(priceChanges).values(rows.slice(i, i + 500));
}

/**
 * Recomputes the denormalised lowest sale price of products, in the caller's transaction:
 * active SKUs count; a product with none shows the lowest of all its SKUs.
 */
export async function refreshMinSalePrice(db: Db, spuIds: string[]): Promise<void> {
  const ids = [...new Set(spuIds)];
  if (!ids.length) return;
  await db
    .update(spus)
    .set({
      minSalePriceAmount: sql`coalesce(
        (select min(${skus.priceAmount}) from ${skus} where ${skus.spuId} = ${spus.id} and ${skus.status} = 'ACTIVE'),
        (select min(${skus.priceAmount}) from ${skus} where ${skus.spuId} = ${spus.id}), 0)`,
    })
    .where(anyOf(spus.id, ids));
}
