import { and, eq, inArray } from 'drizzle-orm';
import {
  catalogService,
  isId,
  newId,
  ok,
  parseUnitPrice,
  Problems,
  listTable,
  visibleOrNull,
  type ConnectionArgs,
  type MoneyInput,
  type RequestContext,
  type Result,
} from '@zhongtai/kit';
import { supplyTerms, type SupplyTermsRow } from '../db/purchaseTables.ts';
import { suppliers } from '../db/tables.ts';
import { SUPPLY_TERMS_ID_PREFIX } from './ids.ts';
import { scoreCandidates, type ScoredCandidate, type SupplyCandidate } from './supplierScore.ts';
import { supplierForWrite } from './suppliers.ts';
import { supplyTermsTenancy } from './tenancy.ts';

export interface SupplyTermsInput {
  skuId: string;
  unitPrice: MoneyInput;
  leadTimeDays: number;
  minOrderQuantity?: number | null;
}

export const MAX_TERMS_PER_CALL = 100;
const MAX_LEAD_TIME_DAYS = 365;

/**
 * 供货条款: the supplier sells these SKUs of its shop at these prices, lead times and minimums.
 * A SKU it already supplies gets the new terms (active again if it was withdrawn). All rows or none.
 */
export async function setSupplyTerms(ctx: RequestContext, input: { supplierId: string; terms: SupplyTermsInput[] }): Promise<Result<SupplyTermsRow[]>> {
  const problems = new Problems();
  const supplier = await supplierForWrite(ctx, problems, input.supplierId, ['input', 'supplierId']);
  if (supplier) problems.check(supplier.status === 'ACTIVE', ['input', 'supplierId'], 'INACTIVE', 'A suspended supplier takes no new terms');
  const field = (i: number, name: string) => ['input', 'terms', String(i), name];
  if (problems.check(input.terms.length > 0, ['input', 'terms'], 'REQUIRED', 'Give at least one SKU'))
    problems.check(input.terms.length <= MAX_TERMS_PER_CALL, ['input', 'terms'], 'TOO_MANY', `At most ${MAX_TERMS_PER_CALL} SKUs at once`);
  const seen = new Set<string>();
  const prices = input.terms.map((t, i) => {
    if (problems.check(isId(catalogService.SKU_ID_PREFIX, t.skuId), field(i, 'skuId'), 'INVALID_ID', `"${t.skuId}" is not a SKU id`)) {
      problems.check(!seen.has(t.skuId), field(i, 'skuId'), 'DUPLICATE', `SKU ${t.skuId} is listed twice`);
      seen.add(t.skuId);
    }
    problems.check(
      Number.isInteger(t.leadTimeDays) && t.leadTimeDays >= 0 && t.leadTimeDays <= MAX_LEAD_TIME_DAYS,
      field(i, 'leadTimeDays'),
      'OUT_OF_RANGE',
      `A lead time is 0 to ${MAX_LEAD_TIME_DAYS} days`,
    );
    const moq = t.minOrderQuantity ?? 1;
    problems.check(
      Number.isInteger(moq) && moq >= 1 && moq <= 1_000_000,
      field(i, 'minOrderQuantity'),
      'OUT_OF_RANGE',
      'A minimum order is 1 to 1,000,000 units',
    );
    return parseUnitPrice(t.unitPrice, problems, field(i, 'unitPrice'));
  });
  if (!supplier || problems.any) return problems.refuse();
  const { quoteSkus } = await ctx.services.call(catalogService.quoteSkus, { ids: input.terms.map((t) => t.skuId) });
  const quotes = new Map(quoteSkus.map((q) => [q.id, q]));
  input.terms.forEach((t, i) => {
    const quote = quotes.get(t.skuId);
    if (!quote) return void problems.add(field(i, 'skuId'), 'NOT_FOUND', `Row ${i + 1}: SKU ${t.skuId} does not exist`);
    if (!problems.check(quote.shopId === supplier.shopId, field(i, 'skuId'), 'INVALID', `Row ${i + 1}: SKU ${quote.code} belongs to another shop`)) return;
    problems.check(quote.productType !== 'SERVICE', field(i, 'skuId'), 'INVALID', `Row ${i + 1}: ${quote.spuName} is a service; nothing to buy in`);
    problems.check(
      t.unitPrice.currencyCode === quote.price.currencyCode,
      [...field(i, 'unitPrice'), 'currencyCode'],
      'CURRENCY_MISMATCH',
      `Row ${i + 1}: the SKU is priced in ${quote.price.currencyCode}`,
    );
  });
  if (problems.any) return problems.refuse();
  const rows = await ctx.db.transaction(async (tx) => {
    const out: SupplyTermsRow[] = [];
    for (const [i, t] of input.terms.entries()) {
      const unitPrice = prices[i];
      if (unitPrice === undefined) continue; // not reached: a missing price is a problem above
      const values = {
        unitPrice,
        currency: t.unitPrice.currencyCode,
        leadTimeDays: t.leadTimeDays,
        minOrderQuantity: t.minOrderQuantity ?? 1,
        active: true,
        updatedAt: new Date(),
      };
      const [row] = await tx
        .insert(supplyTerms)
        .values({ id: newId(SUPPLY_TERMS_ID_PREFIX), supplierId: supplier.id, shopId: supplier.shopId, skuId: t.skuId, ...values })
        .onConflictDoUpdate({ target: [supplyTerms.supplierId, supplyTerms.skuId], set: values })
        .returning();
      if (row) out.push(row);
    }
    return out;
  });
  return ok(rows);
}

/** The supplier no longer sells the SKU; the row stays, inactive. */
export async function removeSupplyTerms(ctx: RequestContext, input: { supplierId: string; skuId: string }): Promise<Result<SupplyTermsRow>> {
  const problems = new Problems();
  const supplier = await supplierForWrite(ctx, problems, input.supplierId, ['input', 'supplierId']);
  if (!supplier) return problems.refuse();
  const [row] = await ctx.db
    .update(supplyTerms)
    .set({ active: false, updatedAt: new Date() })
    .where(and(eq(supplyTerms.supplierId, supplier.id), eq(supplyTerms.skuId, input.skuId), eq(supplyTerms.active, true)))
    .returning();
  if (!row) return problems.add(['input', 'skuId'], 'NOT_FOUND', `The supplier does not supply SKU ${input.skuId}`).refuse();
  return ok(row);
}

export function termsOfSupplier(ctx: RequestContext, supplierId: string, args: ConnectionArgs & { active?: boolean | null }) {
  return listTable(ctx.db, supplyTerms, args, {
    where: and(eq(supplyTerms.supplierId, supplierId), args.active == null ? undefined : eq(supplyTerms.active, args.active)),
    sort: { column: supplyTerms.skuId, direction: 'ASC' },
  });
}

export type TermsCandidate = SupplyCandidate & { terms: SupplyTermsRow };

/** Active terms of ACTIVE suppliers for each SKU, with each supplier's rating: one query for all. */
export async function candidatesOfSkus(ctx: RequestContext, skuIds: string[]): Promise<Map<string, TermsCandidate[]>> {
  const out = new Map<string, TermsCandidate[]>();
  if (!skuIds.length) return out;
  const rows = await ctx.db
    .select({ terms: supplyTerms, rating: suppliers.rating })
    .from(supplyTerms)
    .innerJoin(suppliers, eq(suppliers.id, supplyTerms.supplierId))
    .where(and(inArray(supplyTerms.skuId, [...new Set(skuIds)]), eq(supplyTerms.active, true), eq(suppliers.status, 'ACTIVE')));
  for (const { terms, rating } of rows) {
    const list = out.get(terms.skuId) ?? [];
    list.push({ supplierId: terms.supplierId, unitPrice: terms.unitPrice, leadTimeDays: terms.leadTimeDays, rating, terms });
    out.set(terms.skuId, list);
  }
  return out;
}

/** Sku.supplyOptions: who sells the SKU, best first (domain/supplierScore.ts); null for anyone but its shop and operators. */
export async function rankedSupplyOfSku(ctx: RequestContext, skuId: string): Promise<ScoredCandidate<TermsCandidate>[]> {
  // Batched: a page of SKUs asking for their options costs one query.
  const candidates = await ctx.loaders
    .get<string, TermsCandidate[]>('procurement.supplyBySku', async (skuIds) => {
      const bySku = await candidatesOfSkus(ctx, [...skuIds]);
      return skuIds.map((id) => bySku.get(id) ?? []);
    })
    .load(skuId);
  const visible = candidates.filter((c) => visibleOrNull(ctx, supplyTermsTenancy, c.terms, 'read') !== null);
  return scoreCandidates(visible);
}
