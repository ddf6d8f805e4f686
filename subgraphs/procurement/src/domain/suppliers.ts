import { and, eq, type SQL } from 'drizzle-orm';
import {
  isId,
  isUniqueViolation,
  newId,
  ok,
  Problems,
  shopForWrite,
  shopsService,
  type ConnectionArgs,
  type RequestContext,
  type Result,
  listTable,
  rowById,
  can,
  loadScoped,
  scopedWhere,
  visibleOrNull,
} from '@zhongtai/kit';
import { supplierTenancy } from './tenancy.ts';
import { suppliers, type SupplierRow, type SupplierStatus } from '../db/tables.ts';
import { SUPPLIER_ID_PREFIX } from './ids.ts';
import { checkSupplierFields, type SupplierFields } from './supplierInput.ts';

/** Batched by id for the whole request; no access check. */
export function loadSupplier(ctx: RequestContext, id: string): Promise<SupplierRow | null> {
  return rowById(ctx, 'procurement.supplierById', suppliers, SUPPLIER_ID_PREFIX, id);
}

/**
 * A supplier is the shop's business: its merchant and the platform see it, nobody else (not
 * analysts, not customers). References from other centers (an order line's supplier) resolve
 * to null for them rather than failing the whole query.
 */
export async function visibleSupplier(ctx: RequestContext, id: string): Promise<SupplierRow | null> {
  const row = await loadSupplier(ctx, id);
  return visibleOrNull(ctx, supplierTenancy, row, 'read');
}

/** `supplier(id)`: another shop's supplier is FORBIDDEN, an unknown one null. */
export async function findSupplier(ctx: RequestContext, id: string): Promise<SupplierRow | null> {
  return loadScoped(ctx, supplierTenancy, loadSupplier(ctx, id), 'read');
}

/** A supplier the caller may change, or a NOT_FOUND refusal: another shop's looks like none. */
export async function supplierForWrite(ctx: RequestContext, problems: Problems, id: string, field: string[]): Promise<SupplierRow | undefined> {
  const row = await loadSupplier(ctx, id);
  if (row && can(ctx, supplierTenancy, row, 'write')) return row;
  problems.add(field, isId(SUPPLIER_ID_PREFIX, id) ? 'NOT_FOUND' : 'INVALID_ID', `No supplier ${id}`);
  return undefined;
}

export interface SupplierListArgs extends ConnectionArgs {
  shopId?: string | null;
  status?: SupplierStatus | null;
}

/** A shop's suppliers by code (merchants: their own shop; operators: any or all). */
export function listSuppliers(ctx: RequestContext, args: SupplierListArgs) {
  const conditions: (SQL | undefined)[] = [scopedWhere(ctx, supplierTenancy, { shopId: args.shopId })];
  if (args.status) conditions.push(eq(suppliers.status, args.status));
  return listTable(ctx.db, suppliers, args, { where: and(...conditions), sort: { column: suppliers.code, direction: 'ASC' } });
}

const codeTaken = (problems: Problems, code: string | null | undefined) =>
  problems.add(['input', 'code'], 'TAKEN', `The shop already has a supplier with code ${code}`).refuse<SupplierRow>();

/** A merchant's supplier is for its own shop; an operator names the shop. */
export async function createSupplier(ctx: RequestContext, input: SupplierFields & { shopId?: string | null }): Promise<Result<SupplierRow>> {
  const problems = new Problems();
  const shopId = shopForWrite(ctx, supplierTenancy, input.shopId);
  if (!shopId) problems.add(['input', 'shopId'], 'REQUIRED', 'Name the shop the supplier works for');
  const fields = checkSupplierFields(problems, input, true);
  if (shopId && !problems.any) {
    const { shopStandings } = await ctx.services.call(shopsService.shopStandings, { ids: [shopId] });
    const shop = shopStandings[0];
    if (problems.check(!!shop, ['input', 'shopId'], 'NOT_FOUND', `No shop ${shopId}`))
      problems.check(shop!.status !== 'CLOSED', ['input', 'shopId'], 'INACTIVE', 'The shop is closed');
  }
  if (problems.any) return problems.refuse();
  try {
    const [row] = await ctx.db
      .insert(suppliers)
      .values({
        id: newId(SUPPLIER_ID_PREFIX),
        shopId: shopId!,
        code: fields.code!,
        name: fields.name!,
        contactName: fields.contactName ?? null,
        contactPhone: fields.contactPhone ?? null,
      })
      .returning();
    return ok(row!);
  } catch (error) {
    if (isUniqueViolation(error, 'suppliers_shop_code_key')) return codeTaken(problems, fields.code);
    throw error;
  }
}

/** Changes the fields given. */
export async function updateSupplier(ctx: RequestContext, input: SupplierFields & { id: string }): Promise<Result<SupplierRow>> {
  const problems = new Problems();
  const supplier = await supplierForWrite(ctx, problems, input.id, ['input', 'id']);
  const fields = checkSupplierFields(problems, input, false);
  if (!supplier || problems.any) return problems.refuse();
  try {
    const [row] = await ctx.db
      .update(suppliers)
      .set({ ...fields, updatedAt: new Date() } as Partial<SupplierRow>)
      .where(eq(suppliers.id, supplier.id))
      .returning();
    return ok(row!);
  } catch (error) {
    if (isUniqueViolation(error, 'suppliers_shop_code_key')) return codeTaken(problems, fields.code);
    throw error;
  }
}

/** A SUSPENDED supplier keeps its offers, but checkout stops using them: those SKUs ship from a warehouse. */
export async function setSupplierStatus(ctx: RequestContext, input: { id: string; status: SupplierStatus }): Promise<Result<SupplierRow>> {
  const problems = new Problems();
  const supplier = await supplierForWrite(ctx, problems, input.id, ['input', 'id']);
  if (!supplier) return problems.refuse();
  if (supplier.status === input.status) return ok(supplier);
  const [row] = await ctx.db.update(suppliers).set({ status: input.status, updatedAt: new Date() }).where(eq(suppliers.id, supplier.id)).returning();
  return ok(row!);
}
