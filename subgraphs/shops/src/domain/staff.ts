import { and, eq } from 'drizzle-orm';
import {
  anyOf,
  isId,
  isUniqueViolation,
  newId,
  ok,
  Problems,
  requiredText,
  type ConnectionArgs,
  type RequestContext,
  type Result,
  listTable,
  assertCan,
  scopedWhere,
  shopForWrite,
} from '@zhongtai/kit';
import { shopStaffTenancy } from './tenancy.ts';
import { shops, shopStaff, type ShopStaffRow } from '../db/tables.ts';
import { validateEmail } from './shopRules.ts';
import { SHOP_ID_PREFIX, STAFF_ID_PREFIX } from './ids.ts';

export function listStaff(ctx: RequestContext, shopId: string, args: ConnectionArgs) {
  const where = scopedWhere(ctx, shopStaffTenancy, { shopId });
  return listTable(ctx.db, shopStaff, args, { where, sort: { column: shopStaff.createdAt, direction: 'ASC' } });
}

export async function loadStaff(ctx: RequestContext, id: string): Promise<ShopStaffRow | null> {
  if (!isId(STAFF_ID_PREFIX, id)) return null;
  const row = await ctx.loaders.byId<ShopStaffRow>('shops.staffById', (ids) => ctx.db.select().from(shopStaff).where(anyOf(shopStaff.id, ids))).load(id);
  if (row) assertCan(ctx, shopStaffTenancy, row, 'read');
  return row;
}

export interface AddStaffInput {
  shopId: string;
  name: string;
  email: string;
  role: ShopStaffRow['role'];
}

export async function addStaff(ctx: RequestContext, input: AddStaffInput): Promise<Result<ShopStaffRow>> {
  const problems = new Problems();
  if (!isId(SHOP_ID_PREFIX, input.shopId)) return problems.add(['input', 'shopId'], 'INVALID_ID', `"${input.shopId}" is not a shop id`).refuse();
  shopForWrite(ctx, shopStaffTenancy, input.shopId);
  const name = requiredText(problems, input.name, ['input', 'name'], 'Name', 100);
  const email = validateEmail(problems, input.email, ['input', 'email']);
  if (input.role === 'OWNER' && ctx.claims?.role !== 'ADMIN') problems.add(['input', 'role'], 'INVALID', 'Only the platform appoints a shop owner');
  const [shop] = await ctx.db.select({ status: shops.status }).from(shops).where(eq(shops.id, input.shopId));
  if (!shop) problems.add(['input', 'shopId'], 'NOT_FOUND', `Shop ${input.shopId} not found`);
  else problems.check(shop.status !== 'CLOSED', ['input', 'shopId'], 'INACTIVE', 'The shop is closed');
  if (problems.any || !name || !email) return problems.refuse();
  try {
    const [row] = await ctx.db
      .insert(shopStaff)
      .values({ id: newId(STAFF_ID_PREFIX), shopId: input.shopId, name, email, role: input.role })
      .returning();
    return ok(row!);
  } catch (error) {
    if (isUniqueViolation(error, 'shop_staff_email_key')) return problems.add(['input', 'email'], 'TAKEN', `${email} already works for this shop`).refuse();
    throw error;
  }
}

export interface UpdateStaffInput {
  id: string;
  name?: string | null;
  role?: ShopStaffRow['role'] | null;
  status?: ShopStaffRow['status'] | null;
}

export async function updateStaff(ctx: RequestContext, input: UpdateStaffInput): Promise<Result<ShopStaffRow>> {
  const problems = new Problems();
  if (!isId(STAFF_ID_PREFIX, input.id)) return problems.add(['input', 'id'], 'INVALID_ID', `"${input.id}" is not a staff id`).refuse();
  const [existing] = await ctx.db.select().from(shopStaff).where(eq(shopStaff.id, input.id));
  if (!existing) return problems.add(['input', 'id'], 'NOT_FOUND', `Staff ${input.id} not found`).refuse();
  assertCan(ctx, shopStaffTenancy, existing, 'write');
  const changes: Partial<ShopStaffRow> = {};
  if (input.name != null) changes.name = requiredText(problems, input.name, ['input', 'name'], 'Name', 100);
  if (input.role) {
    if (ctx.claims?.role !== 'ADMIN' && (input.role === 'OWNER' || existing.role === 'OWNER')) {
      problems.add(['input', 'role'], 'INVALID', 'Only the platform changes who owns a shop');
    }
    changes.role = input.role;
  }
  if (input.status) changes.status = input.status;
  if (problems.any) return problems.refuse();
  const [row] = await ctx.db
    .update(shopStaff)
    .set({ ...changes, updatedAt: new Date() })
    .where(and(eq(shopStaff.id, existing.id)))
    .returning();
  return ok(row!);
}
