import { and, eq, ilike, or, type SQL } from 'drizzle-orm';
import {
  containsPattern,
  isUniqueViolation,
  newId,
  ok,
  Problems,
  requiredText,
  shopForWrite,
  type ConnectionArgs,
  type RequestContext,
  type Result,
  listTable,
  rowById,
  assertCan,
  loadScoped,
  scopedWhere,
} from '@zhongtai/kit';
import { warehouseTenancy } from './tenancy.ts';
import { warehouses, type WarehouseRow } from '../db/tables.ts';
import { WAREHOUSE_ID_PREFIX } from './ids.ts';

export interface WarehouseFilter {
  shopId?: string | null;
  status?: WarehouseRow['status'] | null;
  keyword?: string | null;
}

/** Batched by id for the whole request; no access check (the parent was checked). */
export function loadWarehouse(ctx: RequestContext, id: string): Promise<WarehouseRow | null> {
  return rowById(ctx, 'inventory.warehouseById', warehouses, WAREHOUSE_ID_PREFIX, id);
}

export async function findWarehouse(ctx: RequestContext, id: string): Promise<WarehouseRow | null> {
  return loadScoped(ctx, warehouseTenancy, loadWarehouse(ctx, id), 'read');
}

/**
 * Warehouses the caller may see: platform roles all; a merchant its own shop's and the
 * platform's (it may store goods there), never another shop's.
 */
export function listWarehouses(ctx: RequestContext, args: ConnectionArgs, filter: WarehouseFilter = {}) {
  const conditions: (SQL | undefined)[] = [scopedWhere(ctx, warehouseTenancy, { shopId: filter.shopId })];
  if (filter.status) conditions.push(eq(warehouses.status, filter.status));
  const pattern = containsPattern(filter.keyword);
  if (pattern) conditions.push(or(ilike(warehouses.name, pattern), ilike(warehouses.code, pattern)));
  return listTable(ctx.db, warehouses, args, { where: and(...conditions), sort: { column: warehouses.createdAt, direction: 'ASC' } });
}

export interface WarehouseInput {
  id?: string;
  shopId?: string | null;
  code?: string | null;
  name?: string | null;
  province?: string | null;
  city?: string | null;
  address?: string | null;
  priority?: number | null;
  status?: WarehouseRow['status'] | null;
}

function checkPriority(problems: Problems, priority: number | null | undefined): void {
  if (priority == null) return;
  problems.check(
    Number.isInteger(priority) && priority >= 0 && priority <= 10_000,
    ['input', 'priority'],
    'OUT_OF_RANGE',
    'Priority is 0 to 10000 (lower is chosen first)',
  );
}

/** A platform warehouse when an admin names no shop; a merchant's warehouse belongs to its shop. */
export async function createWarehouse(ctx: RequestContext, input: WarehouseInput): Promise<Result<WarehouseRow>> {
  const shopId = shopForWrite(ctx, warehouseTenancy, input.shopId);
  const problems = new Problems();
  const code = requiredText(problems, input.code, ['input', 'code'], 'Code', 32);
  const name = requiredText(problems, input.name, ['input', 'name'], 'Name', 100);
  const province = requiredText(problems, input.province, ['input', 'province'], 'Province', 50);
  const city = requiredText(problems, input.city, ['input', 'city'], 'City', 50);
  const address = requiredText(problems, input.address, ['input', 'address'], 'Address', 300);
  checkPriority(problems, input.priority);
  if (problems.any) return problems.refuse();
  try {
    const [row] = await ctx.db
      .insert(warehouses)
      .values({
        id: newId(WAREHOUSE_ID_PREFIX),
        shopId,
        code: code!,
        name: name!,
        province: province!,
        city: city!,
        address: address!,
        priority: input.priority ?? 100,
      })
      .returning();
    return ok(row!);
  } catch (error) {
    if (isUniqueViolation(error, 'warehouses_code_key')) return problems.add(['input', 'code'], 'TAKEN', 'Another warehouse has this code').refuse();
    throw error;
  }
}

export async function updateWarehouse(ctx: RequestContext, input: WarehouseInput & { id: string }): Promise<Result<WarehouseRow>> {
  const problems = new Problems();
  const existing = await loadWarehouse(ctx, input.id);
  if (!existing) return problems.add(['input', 'id'], 'NOT_FOUND', 'No such warehouse').refuse();
  assertCan(ctx, warehouseTenancy, existing, 'write');
  const changes: Partial<WarehouseRow> = {};
  if (input.name != null) changes.name = requiredText(problems, input.name, ['input', 'name'], 'Name', 100);
  if (input.address != null) changes.address = requiredText(problems, input.address, ['input', 'address'], 'Address', 300);
  if (input.priority != null) changes.priority = input.priority;
  if (input.status != null) changes.status = input.status;
  checkPriority(problems, input.priority);
  if (problems.any) return problems.refuse();
  const [row] = await ctx.db
    .update(warehouses)
    .set({ ...changes, updatedAt: new Date() })
    .where(eq(warehouses.id, existing.id))
    .returning();
  return ok(row!);
}
