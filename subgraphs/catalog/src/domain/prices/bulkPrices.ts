import { inArray, sql } from 'drizzle-orm';
import { isId, ok, optionalText, Problems, shopsService, type RequestContext, type Result, assertCan } from '@zhongtai/kit';
import { skuTenancy } from '../tenancy.ts';
import { skus, type SkuRow } from '../../db/tables.ts';
import { SKU_ID_PREFIX } from '../ids.ts';
import { checkPriceOrder, parsePrices, recordAppliedPrices, refreshMinSalePrice, type PriceSet, type PricesInput } from './prices.ts';

export const MAX_BULK_PRICE_ROWS = 1000;

export interface BulkPriceRowInput extends PricesInput {
  skuId: string;
}

export interface BulkUpdatePricesInput {
  rows: BulkPriceRowInput[];
  reason?: string | null;
}

/**
 * Updates the prices of up to 1,000 SKUs (a merchant's spreadsheet upload) all or nothing: every
 * row is checked first and every bad one reported with its index; nothing is written unless all
 * pass. The write is one UPDATE, one history insert per 500 rows and one min-price refresh.
 */
export async function bulkUpdatePrices(ctx: RequestContext, input: BulkUpdatePricesInput): Promise<Result<SkuRow[]>> {
  const problems = new Problems();
  const reason = optionalText(problems, input.reason, ['input', 'reason'], 'Reason', 500);
  const rows = input.rows;
  if (!problems.check(rows.length > 0, ['input', 'rows'], 'REQUIRED', 'Give at least one row')) return problems.refuse();
  if (!problems.check(rows.length <= MAX_BULK_PRICE_ROWS, ['input', 'rows'], 'TOO_MANY', `At most ${MAX_BULK_PRICE_ROWS} rows at once`))
    return problems.refuse();

  const at = (i: number, ...rest: string[]) => ['input', 'rows', String(i), ...rest];
  const seen = new Map<string, number>();
  rows.forEach((row, i) => {
    if (!problems.check(isId(SKU_ID_PREFIX, row.skuId), at(i, 'skuId'), 'INVALID_ID', `"${row.skuId}" is not a SKU id`)) return;
    const first = seen.get(row.skuId);
    if (first === undefined) seen.set(row.skuId, i);
    else problems.add(at(i, 'skuId'), 'DUPLICATE', `Row ${first} changes this SKU already`);
  });
  const found = seen.size
    ? await ctx.db
        .select()
        .from(skus)
        .where(inArray(skus.id, [...seen.keys()]))
    : [];
  const byId = new Map(found.map((s) => [s.id, s]));
  // Another shop's SKU is refused outright (FORBIDDEN), as everywhere: never narrowed to "not found".
  for (const sku of found) assertCan(ctx, skuTenancy, sku, 'write');
  const standings = found.length ? (await ctx.services.call(shopsService.shopStandings, { ids: [...new Set(found.map((s) => s.shopId))] })).shopStandings : [];
  const trading = new Set(standings.filter((s) => s.status === 'ACTIVE').map((s) => s.id));

  const changes: { sku: SkuRow; next: PriceSet }[] = [];
  rows.forEach((row, i) => {
    if (!isId(SKU_ID_PREFIX, row.skuId) || seen.get(row.skuId) !== i) return;
    const sku = byId.get(row.skuId);
    if (!problems.check(sku !== undefined, at(i, 'skuId'), 'NOT_FOUND', `SKU ${row.skuId} not found`)) return;
    if (!problems.check(trading.has(sku!.shopId), at(i, 'skuId'), 'INACTIVE', 'The shop of this SKU is not trading')) return;
    const next = parsePrices(problems, row, at(i), sku!.priceCurrency);
    if (!next) return;
    if (
      !problems.check(
        next.sale !== undefined || next.list !== undefined || next.cost !== undefined,
        at(i, 'salePrice'),
        'REQUIRED',
        'Give at least one new price',
      )
    )
      return;
    if (checkPriceOrder(problems, sku!, next, at(i))) changes.push({ sku: sku!, next });
  });
  if (problems.any) return problems.refuse();

  const updated = await ctx.db.transaction(async (tx) => {
    const text = (v: bigint | undefined) => (v === undefined ? null : v.toString());
    const values = sql.join(
      changes.map(({ sku, next }) => sql`(${sku.id}, ${text(next.sale)}::bigint, ${text(next.list)}::bigint, ${text(next.cost)}::bigint)`),
      sql`, `,
    );
    await tx.execute(sql`
      update ${skus} set
        price_amount = coalesce(v.sale, ${skus.priceAmount}),
        list_price_amount = coalesce(v.list, ${skus.listPriceAmount}),
        cost_price_amount = coalesce(v.cost, ${skus.costPriceAmount}),
        updated_at = now()
      from (values ${values}) as v(id, sale, list, cost)
      where ${skus.id} = v.id`);
    await recordAppliedPrices(tx, ctx, changes, 'BULK', reason);
    await refreshMinSalePrice(
      tx,
      changes.map((c) => c.sku.spuId),
    );
    return tx
      .select()
      .from(skus)
      .where(
        inArray(
          skus.id,
          changes.map((c) => c.sku.id),
        ),
      );
  });
  const order = new Map(changes.map((c, i) => [c.sku.id, i]));
  return ok(updated.sort((a, b) => order.get(a.id)! - order.get(b.id)!));
}
