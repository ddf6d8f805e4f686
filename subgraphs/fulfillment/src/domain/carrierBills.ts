import { createHash } from 'node:crypto';
import { and, asc, eq, inArray, type SQL } from 'drizzle-orm';
import {
  listTable,
  loadScoped,
  newId,
  ok,
  Problems,
  requiredText,
  rowById,
  scopedWhere,
  shopForWrite,
  type ConnectionArgs,
  type Db,
  type RequestContext,
  type Result,
} from '@zhongtai/kit';
import { carrierBillLines, carrierBills, type BillLineStatus, type CarrierBillRow } from '../db/carrierTables.ts';
import { shipments } from '../db/shipmentTables.ts';
import { parseBillCsv, weightFarFrom, type BillCsvLine } from './billCsv.ts';
import { billWeightTolerance } from './config.ts';
import { CARRIER_BILL_ID_PREFIX, CARRIER_BILL_LINE_ID_PREFIX } from './ids.ts';
import { carrierByCode } from './shipping.ts';
import { carrierBillTenancy } from './tenancy.ts';

export interface ImportCarrierBillInput {
  carrierCode: string;
  billNumber: string;
  /** An operator's bill may name a shop (its parcels only); a merchant's is its own shop's. */
  shopId?: string | null;
  csv: string;
}

const MAX_CSV_CHARS = 400_000;
/** Errors reported per refused bill: enough to fix a file, not a second copy of it. */
const MAX_REPORTED_ERRORS = 100;

export function loadCarrierBill(ctx: RequestContext, id: string): Promise<CarrierBillRow | null> {
  return rowById(ctx, 'fulfillment.carrierBillById', carrierBills, CARRIER_BILL_ID_PREFIX, id);
}

export const findCarrierBill = (ctx: RequestContext, id: string) => loadScoped(ctx, carrierBillTenancy, loadCarrierBill(ctx, id), 'read');

/**
 * Imports a carrier's bill (真实物流成本): every line is matched by waybill to a shipment of that
 * carrier (of the bill's shop when it has one: a merchant's bill never reaches another shop's
 * parcel, which stays an UNKNOWN_WAYBILL to it). A matched parcel gets its real cost beside the
 * freight charged, once: a parcel already costed (by an earlier bill, or an earlier line of this
 * one) is a DUPLICATE line and counts nothing. The same bill number again is the same bill: with
 * the same content it answers the bill already imported; with other content it is refused.
 */
export async function importCarrierBill(ctx: RequestContext, input: ImportCarrierBillInput): Promise<Result<CarrierBillRow>> {
  const problems = new Problems();
  const shopId = shopForWrite(ctx, carrierBillTenancy, input.shopId);
  const billNumber = requiredText(problems, input.billNumber, ['input', 'billNumber'], 'Bill number', 64);
  const code = requiredText(problems, input.carrierCode, ['input', 'carrierCode'], 'Carrier code', 32);
  const carrier = code ? await carrierByCode(ctx.db, code) : null;
  if (code) problems.check(!!carrier, ['input', 'carrierCode'], 'NOT_FOUND', 'No carrier has this code');
  if (!problems.check(input.csv.length <= MAX_CSV_CHARS, ['input', 'csv'], 'TOO_LONG', `A bill is at most ${MAX_CSV_CHARS} characters`))
    return problems.refuse();
  const parsed = parseBillCsv(input.csv);
  if (!parsed.ok)
    for (const e of parsed.errors.slice(0, MAX_REPORTED_ERRORS))
      problems.add(['input', 'csv', String(e.lineNumber)], 'INVALID', `Line ${e.lineNumber}: ${e.message}`);
  if (problems.any || !parsed.ok || !carrier || !billNumber) return problems.refuse();
  const carrierId = carrier.id;
  const contentHash = createHash('sha256').update(input.csv).digest('hex');
  const sameBill = (row: CarrierBillRow) =>
    row.contentHash === contentHash
      ? ok(row)
      : problems.add(['input', 'billNumber'], 'TAKEN', 'This bill number was imported with other lines').refuse<CarrierBillRow>();
  const owner = and(eq(carrierBills.carrierId, carrierId), eq(carrierBills.billNumber, billNumber));
  const existing = async () => (await ctx.db.select().from(carrierBills).where(owner)).find((b) => b.shopId === shopId);
  const before = await existing();
  if (before) return sameBill(before);

  const outcome = await ctx.db.transaction(async (tx) => {
    const [bill] = await tx
      .insert(carrierBills)
      .values({
        id: newId(CARRIER_BILL_ID_PREFIX),
        carrierId,
        shopId,
        billNumber,
        contentHash,
        currencyCode: 'CNY',
        lineCount: parsed.lines.length,
        totalCostAmount: parsed.lines.reduce((sum, l) => sum + l.costAmount, 0n),
        importedBy: ctx.claims?.subject ?? 'unknown',
      })
      .onConflictDoNothing()
      .returning();
    // Imported meanwhile by a concurrent request: the answer is that bill.
    if (!bill) return null;
    await matchLines(tx, bill, parsed.lines, ctx);
    return bill;
  });
  if (outcome) return ok(outcome);
  const raced = await existing();
  return raced ? sameBill(raced) : problems.add(['input', 'billNumber'], 'TAKEN', 'The bill could not be imported; try again').refuse();
}

/** In the bill's transaction: the parcels it names are locked, so two bills cost a parcel one after the other. */
async function matchLines(tx: Db, bill: CarrierBillRow, lines: BillCsvLine[], ctx: RequestContext): Promise<void> {
  const tolerance = billWeightTolerance();
  const waybills = [...new Set(lines.map((l) => l.waybill))];
  const where: (SQL | undefined)[] = [eq(shipments.carrierId, bill.carrierId), inArray(shipments.trackingNumber, waybills)];
  if (bill.shopId) where.push(eq(shipments.shopId, bill.shopId));
  const parcels = await tx
    .select()
    .from(shipments)
    .where(and(...where))
    .orderBy(asc(shipments.id))
    .for('update');
  const byWaybill = new Map(parcels.map((p) => [p.trackingNumber, p]));
  const costed = new Set(parcels.filter((p) => p.realCostAmount !== null).map((p) => p.id));
  const rows = lines.map((line) => {
    const parcel = byWaybill.get(line.waybill);
    const status: BillLineStatus = !parcel ? 'UNKNOWN_WAYBILL' : costed.has(parcel.id) ? 'DUPLICATE' : 'MATCHED';
    if (parcel) costed.add(parcel.id);
    const packed = parcel?.packedWeightGrams ?? null;
    return {
      id: newId(CARRIER_BILL_LINE_ID_PREFIX),
      billId: bill.id,
      lineNumber: line.lineNumber,
      waybill: line.waybill,
      weightGrams: line.weightGrams,
      costAmount: line.costAmount,
      status,
      shipmentId: parcel?.id ?? null,
      shopId: parcel?.shopId ?? null,
      packedWeightGrams: packed,
      weightMismatch: status === 'MATCHED' && packed !== null && weightFarFrom(line.weightGrams, packed, tolerance),
    };
  });
  for (let i = 0; i < rows.length; i += 500) await tx.insert(carrierBillLines).values(rows.slice(i, i + 500));
  for (const row of rows)
    if (row.status === 'MATCHED' && row.shipmentId)
      await tx
        .update(shipments)
        .set({ realCostAmount: row.costAmount, billedWeightGrams: row.weightGrams, costBillLineId: row.id, updatedAt: ctx.now() })
        .where(eq(shipments.id, row.shipmentId));
}

export type CarrierBillFilter = { shopId?: string | null; carrierCode?: string | null };

export async function listCarrierBills(ctx: RequestContext, args: ConnectionArgs, filter: CarrierBillFilter = {}) {
  const conditions: (SQL | undefined)[] = [scopedWhere(ctx, carrierBillTenancy, { shopId: filter.shopId })];
  if (filter.carrierCode) {
    const carrier = await carrierByCode(ctx.db, filter.carrierCode);
    conditions.push(eq(carrierBills.carrierId, carrier?.id ?? ''));
  }
  return listTable(ctx.db, carrierBills, args, { where: and(...conditions), sort: { column: carrierBills.createdAt, direction: 'DESC' } });
}

/** A bill's lines in file order, optionally only those of one match status. */
export function billLines(ctx: RequestContext, billId: string, args: ConnectionArgs, status?: BillLineStatus | null) {
  const where = and(eq(carrierBillLines.billId, billId), status ? eq(carrierBillLines.status, status) : undefined);
  return listTable(ctx.db, carrierBillLines, args, { where, sort: { column: carrierBillLines.lineNumber, direction: 'ASC' } });
}

/** How a bill's lines matched: counts per status, and the weight mismatches among the matched. */
export async function billSummary(ctx: RequestContext, billId: string) {
  const rows = await ctx.db
    .select({ status: carrierBillLines.status, weightMismatch: carrierBillLines.weightMismatch })
    .from(carrierBillLines)
    .where(eq(carrierBillLines.billId, billId));
  const count = (status: BillLineStatus) => rows.filter((r) => r.status === status).length;
  return {
    matched: count('MATCHED'),
    unknownWaybills: count('UNKNOWN_WAYBILL'),
    duplicates: count('DUPLICATE'),
    weightMismatches: rows.filter((r) => r.weightMismatch).length,
  };
}
