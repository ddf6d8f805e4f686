import { and, asc, eq, inArray, type SQL } from 'drizzle-orm';
import {
  assertCan,
  isId,
  newId,
  ok,
  parseUnitPrice,
  Problems,
  listTable,
  loadScoped,
  rowById,
  rowsByParent,
  scopedWhere,
  type ConnectionArgs,
  type Db,
  type MoneyInput,
  type RequestContext,
  type Result,
} from '@zhongtai/kit';
import {
  purchaseOrderLines,
  purchaseOrders,
  replenishmentSuggestions,
  supplyTerms,
  type PurchaseOrderLineRow,
  type PurchaseOrderRow,
  type PurchaseOrderStatus,
  type ReplenishmentSuggestionRow,
  type SupplyTermsRow,
} from '../db/purchaseTables.ts';
import { PURCHASE_LINE_ID_PREFIX, PURCHASE_ORDER_ID_PREFIX, WAREHOUSE_ID_PREFIX } from './ids.ts';
import { supplierForWrite } from './suppliers.ts';
import { purchaseOrderTenancy, suggestionTenancy } from './tenancy.ts';

export const MAX_PO_LINES = 100;

export function loadPurchaseOrder(ctx: RequestContext, id: string): Promise<PurchaseOrderRow | null> {
  return rowById(ctx, 'procurement.purchaseOrderById', purchaseOrders, PURCHASE_ORDER_ID_PREFIX, id);
}

/** `purchaseOrder(id)`: another shop's is FORBIDDEN. */
export function findPurchaseOrder(ctx: RequestContext, id: string, access: 'read' | 'write' = 'read'): Promise<PurchaseOrderRow | null> {
  return loadScoped(ctx, purchaseOrderTenancy, loadPurchaseOrder(ctx, id), access);
}

export function linesOfPurchaseOrder(ctx: RequestContext, id: string): Promise<PurchaseOrderLineRow[]> {
  return rowsByParent(
    ctx,
    'procurement.poLines',
    purchaseOrderLines,
    { parent: purchaseOrderLines.purchaseOrderId, orderBy: [asc(purchaseOrderLines.skuId)] },
    id,
  );
}

export interface PurchaseOrderListArgs extends ConnectionArgs {
  shopId?: string | null;
  status?: PurchaseOrderStatus | null;
  supplierId?: string | null;
}

export function listPurchaseOrders(ctx: RequestContext, args: PurchaseOrderListArgs) {
  const p = purchaseOrders;
  const conditions: (SQL | undefined)[] = [scopedWhere(ctx, purchaseOrderTenancy, { shopId: args.shopId })];
  if (args.status) conditions.push(eq(p.status, args.status));
  if (args.supplierId) conditions.push(eq(p.supplierId, args.supplierId));
  return listTable(ctx.db, p, args, { where: and(...conditions), sort: { column: p.createdAt, direction: 'DESC' } });
}

interface DraftLine {
  skuId: string;
  quantity: number;
  unitPrice: bigint;
  suggestionId?: string | null;
}

/** Writes a DRAFT order and its lines in `tx`; the total is the lines' sum. */
async function writeDraft(
  tx: Db,
  head: { shopId: string; supplierId: string; warehouseId: string; currency: string; leadTimeDays: number },
  lines: DraftLine[],
): Promise<PurchaseOrderRow> {
  const total = lines.reduce((s, l) => s + l.unitPrice * BigInt(l.quantity), 0n);
  const id = newId(PURCHASE_ORDER_ID_PREFIX);
  const [po] = await tx
    .insert(purchaseOrders)
    .values({ id, ...head, totalAmount: total })
    .returning();
  await tx.insert(purchaseOrderLines).values(lines.map((l) => ({ id: newId(PURCHASE_LINE_ID_PREFIX), purchaseOrderId: id, ...l })));
  if (!po) throw new Error(`purchase order ${id} was not written`);
  return po;
}

export interface CreatePurchaseOrderInput {
  supplierId: string;
  warehouseId: string;
  lines: { skuId: string; quantity: number; unitPrice?: MoneyInput | null }[];
}

/**
 * 手工采购单: a DRAFT order to one supplier for one warehouse. Each SKU must be one the supplier
 * supplies (its terms); the unit price is the terms' unless given, and the quantity at least the
 * terms' minimum. The warehouse is checked by inventory when the order is sent.
 */
export async function createPurchaseOrder(ctx: RequestContext, input: CreatePurchaseOrderInput): Promise<Result<PurchaseOrderRow>> {
  const problems = new Problems();
  const supplier = await supplierForWrite(ctx, problems, input.supplierId, ['input', 'supplierId']);
  if (supplier) problems.check(supplier.status === 'ACTIVE', ['input', 'supplierId'], 'INACTIVE', 'A suspended supplier takes no orders');
  problems.check(isId(WAREHOUSE_ID_PREFIX, input.warehouseId), ['input', 'warehouseId'], 'INVALID_ID', `"${input.warehouseId}" is not a warehouse id`);
  if (problems.check(input.lines.length > 0, ['input', 'lines'], 'REQUIRED', 'Order at least one SKU'))
    problems.check(input.lines.length <= MAX_PO_LINES, ['input', 'lines'], 'TOO_MANY', `At most ${MAX_PO_LINES} lines`);
  if (!supplier || problems.any) return problems.refuse();
  const terms = await ctx.db
    .select()
    .from(supplyTerms)
    .where(
      and(
        eq(supplyTerms.supplierId, supplier.id),
        inArray(
          supplyTerms.skuId,
          input.lines.map((l) => l.skuId),
        ),
        eq(supplyTerms.active, true),
      ),
    );
  const bySku = new Map(terms.map((t) => [t.skuId, t]));
  const seen = new Set<string>();
  const lines: (DraftLine & { currency: string; leadTimeDays: number })[] = [];
  input.lines.forEach((line, i) => {
    const at = (name: string) => ['input', 'lines', String(i), name];
    const t = bySku.get(line.skuId);
    if (!problems.check(!seen.has(line.skuId), at('skuId'), 'DUPLICATE', `SKU ${line.skuId} is listed twice`)) return;
    seen.add(line.skuId);
    if (!t) return void problems.add(at('skuId'), 'NOT_FOUND', `Row ${i + 1}: ${supplier.name} does not supply SKU ${line.skuId}`);
    const min = t.minOrderQuantity;
    if (
      !problems.check(
        Number.isInteger(line.quantity) && line.quantity >= min && line.quantity <= 1_000_000,
        at('quantity'),
        'OUT_OF_RANGE',
        `Row ${i + 1}: order ${min} to 1,000,000 units`,
      )
    )
      return;
    let price: bigint | undefined = t.unitPrice;
    if (line.unitPrice) {
      if (
        !problems.check(
          line.unitPrice.currencyCode === t.currency,
          [...at('unitPrice'), 'currencyCode'],
          'CURRENCY_MISMATCH',
          `Row ${i + 1}: the supplier sells in ${t.currency}`,
        )
      )
        return;
      price = parseUnitPrice(line.unitPrice, problems, at('unitPrice'));
    }
    if (price !== undefined) lines.push({ skuId: line.skuId, quantity: line.quantity, unitPrice: price, currency: t.currency, leadTimeDays: t.leadTimeDays });
  });
  if (problems.any) return problems.refuse();
  const [currency, ...others] = [...new Set(lines.map((l) => l.currency))];
  if (!currency || !problems.check(others.length === 0, ['input', 'lines'], 'CURRENCY_MISMATCH', 'One order, one currency')) return problems.refuse();
  const leadTimeDays = Math.max(...lines.map((l) => l.leadTimeDays));
  const po = await ctx.db.transaction((tx) =>
    writeDraft(
      tx,
      { shopId: supplier.shopId, supplierId: supplier.id, warehouseId: input.warehouseId, currency, leadTimeDays },
      lines.map(({ skuId, quantity, unitPrice }) => ({ skuId, quantity, unitPrice })),
    ),
  );
  return ok(po);
}

/**
 * 由建议生成采购单: one DRAFT order per (supplier, warehouse) of the OPEN suggestions given, each
 * line at the suggested quantity and the supplier's terms; the suggestions become ORDERED. A
 * suggestion without a supplier (nobody offers the SKU) or whose supplier withdrew is refused.
 */
export async function createPurchaseOrdersFromSuggestions(ctx: RequestContext, input: { suggestionIds: string[] }): Promise<Result<PurchaseOrderRow[]>> {
  const problems = new Problems();
  const ids = [...new Set(input.suggestionIds)];
  if (problems.check(ids.length > 0, ['input', 'suggestionIds'], 'REQUIRED', 'Name at least one suggestion'))
    problems.check(ids.length <= MAX_PO_LINES, ['input', 'suggestionIds'], 'TOO_MANY', `At most ${MAX_PO_LINES} suggestions`);
  if (problems.any) return problems.refuse();
  const found = await ctx.db.select().from(replenishmentSuggestions).where(inArray(replenishmentSuggestions.id, ids));
  const byId = new Map(found.map((s) => [s.id, s]));
  const suggestions: ReplenishmentSuggestionRow[] = [];
  ids.forEach((id, i) => {
    const s = byId.get(id);
    const at = ['input', 'suggestionIds', String(i)];
    if (!s) return void problems.add(at, 'NOT_FOUND', `No replenishment suggestion ${id}`);
    assertCan(ctx, suggestionTenancy, s, 'write'); // another shop's is FORBIDDEN, as everywhere
    if (!problems.check(s.status === 'OPEN', at, 'INVALID_TRANSITION', `Suggestion ${id} is ${s.status}`)) return;
    if (!problems.check(!!s.supplierId, at, 'INVALID', `Nobody supplies SKU ${s.skuId} yet: add supply terms first`)) return;
    suggestions.push(s);
  });
  if (problems.any) return problems.refuse();
  const terms = await ctx.db
    .select()
    .from(supplyTerms)
    .where(
      and(
        inArray(
          supplyTerms.skuId,
          suggestions.map((s) => s.skuId),
        ),
        eq(supplyTerms.active, true),
      ),
    );
  // Each suggestion with its supplier's current terms (a withdrawn offer refuses the suggestion).
  const priced: { s: ReplenishmentSuggestionRow; supplierId: string; t: SupplyTermsRow }[] = [];
  suggestions.forEach((s) => {
    const t = terms.find((x) => x.supplierId === s.supplierId && x.skuId === s.skuId);
    if (t && s.supplierId) priced.push({ s, supplierId: s.supplierId, t });
    else problems.add(['input', 'suggestionIds', String(ids.indexOf(s.id))], 'INVALID', `The supplier of suggestion ${s.id} no longer supplies the SKU`);
  });
  if (problems.any) return problems.refuse();
  const groups = new Map<string, typeof priced>();
  for (const p of priced) {
    const key = `${p.supplierId}|${p.s.warehouseId}|${p.t.currency}`;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  return ctx.db.transaction(async (tx) => {
    const orders: PurchaseOrderRow[] = [];
    for (const [first, ...rest] of groups.values()) {
      if (!first) continue;
      const group = [first, ...rest];
      const po = await writeDraft(
        tx,
        {
          shopId: first.s.shopId,
          supplierId: first.supplierId,
          warehouseId: first.s.warehouseId,
          currency: first.t.currency,
          leadTimeDays: Math.max(...group.map((p) => p.t.leadTimeDays)),
        },
        group.map(({ s, t }) => ({ skuId: s.skuId, quantity: Math.max(s.quantity, t.minOrderQuantity), unitPrice: t.unitPrice, suggestionId: s.id })),
      );
      // Guarded: a suggestion ordered meanwhile by someone else rolls this whole call back.
      const taken = await tx
        .update(replenishmentSuggestions)
        .set({ status: 'ORDERED', purchaseOrderId: po.id, updatedAt: new Date() })
        .where(
          and(
            inArray(
              replenishmentSuggestions.id,
              group.map((p) => p.s.id),
            ),
            eq(replenishmentSuggestions.status, 'OPEN'),
          ),
        )
        .returning({ id: replenishmentSuggestions.id });
      if (taken.length !== group.length) throw new Error('a suggestion was ordered meanwhile; try again');
      orders.push(po);
    }
    return ok(orders);
  });
}
