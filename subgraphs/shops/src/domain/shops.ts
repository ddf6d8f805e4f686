import { and, asc, eq, ilike, type SQL } from 'drizzle-orm';
import {
  containsPattern,
  forbidden,
  isId,
  isUniqueViolation,
  listTable,
  newId,
  ok,
  Problems,
  recordTransition,
  optionalText,
  requiredText,
  type ConnectionArgs,
  type CurrencyCode,
  type RequestContext,
  type Result,
  type SortDirection,
  rowById,
  assertCan,
  rowsByParent,
} from '@zhongtai/kit';
import { shopTenancy } from './tenancy.ts';
import { shops, shopStatusChanges, type ShopRow, type ShopStatus } from '../db/tables.ts';
import { canTransition, validateContact, type ContactInput } from './shopRules.ts';
import { SHOP_ID_PREFIX, SHOP_STATUS_CHANGE_ID_PREFIX } from './ids.ts';

type ShopStatusChangeRow = typeof shopStatusChanges.$inferSelect;

export interface ShopFilter {
  status?: ShopStatus | null;
  keyword?: string | null;
}

export interface ShopSort {
  field: 'CREATED_AT' | 'NAME';
  direction: SortDirection;
}

export async function listShops(
  ctx: RequestContext,
  args: ConnectionArgs,
  filter: ShopFilter = {},
  sort: ShopSort = { field: 'CREATED_AT', direction: 'ASC' },
) {
  const conditions: (SQL | undefined)[] = [];
  if (filter.status) conditions.push(eq(shops.status, filter.status));
  const pattern = containsPattern(filter.keyword);
  if (pattern) conditions.push(ilike(shops.name, pattern));
  const column = sort.field === 'NAME' ? shops.name : shops.createdAt;
  return listTable(ctx.db, shops, args, { where: and(...conditions), sort: { column, direction: sort.direction } });
}

/** Batched by id for the whole request: `__resolveReference` and `shop(id)` go through it. */
export function loadShop(ctx: RequestContext, id: string): Promise<ShopRow | null> {
  return rowById(ctx, 'shops.byId', shops, SHOP_ID_PREFIX, id);
}

export interface CreateShopInput {
  name: string;
  description?: string | null;
  currencyCode?: CurrencyCode | null;
  contact: ContactInput;
}

export async function createShop(ctx: RequestContext, input: CreateShopInput): Promise<Result<ShopRow>> {
  const problems = new Problems();
  const name = requiredText(problems, input.name, ['input', 'name'], 'Shop name', 100);
  const description = optionalText(problems, input.description, ['input', 'description'], 'Description');
  const contact = validateContact(problems, input.contact, ['input', 'contact']);
  if (problems.any || !name || !contact) return problems.refuse();
  try {
    const [row] = await ctx.db
      .insert(shops)
      .values({ id: newId(SHOP_ID_PREFIX), name, description, currencyCode: input.currencyCode ?? 'CNY', ...contact })
      .returning();
    return ok(row!);
  } catch (error) {
    if (isUniqueViolation(error, 'shops_name_key')) return problems.add(['input', 'name'], 'TAKEN', `A shop named "${name}" exists`).refuse();
    throw error;
  }
}

export interface UpdateShopInput {
  id: string;
  name?: string | null;
  description?: string | null;
  contact?: ContactInput | null;
}

export async function updateShop(ctx: RequestContext, input: UpdateShopInput): Promise<Result<ShopRow>> {
  const problems = new Problems();
  const existing = await findForChange(ctx, input.id, problems);
  if (!existing) return problems.refuse();
  if (input.name != null && ctx.claims?.role !== 'ADMIN') throw forbidden('Only the platform renames a shop');
  const changes: Partial<ShopRow> = {};
  if (input.name != null) changes.name = requiredText(problems, input.name, ['input', 'name'], 'Shop name', 100);
  if (input.description !== undefined) changes.description = optionalText(problems, input.description, ['input', 'description'], 'Description');
  if (input.contact) Object.assign(changes, validateContact(problems, input.contact, ['input', 'contact']));
  if (problems.any) return problems.refuse();
  try {
    const [row] = await ctx.db
      .update(shops)
      .set({ ...changes, updatedAt: new Date() })
      .where(eq(shops.id, existing.id))
      .returning();
    return ok(row!);
  } catch (error) {
    if (isUniqueViolation(error, 'shops_name_key')) return problems.add(['input', 'name'], 'TAKEN', `A shop named "${changes.name}" exists`).refuse();
    throw error;
  }
}

export async function changeShopStatus(ctx: RequestContext, input: { id: string; status: ShopStatus; reason?: string | null }): Promise<Result<ShopRow>> {
  const problems = new Problems();
  const reason = optionalText(problems, input.reason, ['input', 'reason'], 'Reason', 500);
  const existing = await findForChange(ctx, input.id, problems);
  if (!existing || problems.any) return problems.refuse();
  if (!canTransition(existing.status, input.status)) {
    return problems.add(['input', 'status'], 'INVALID_TRANSITION', `A ${existing.status} shop cannot become ${input.status}`).refuse();
  }
  return ctx.db.transaction(async (tx) => {
    const row = await recordTransition(tx, {
      table: shops,
      row: existing,
      to: input.status,
      reason,
      actor: ctx.claims!.subject,
      history: { table: shopStatusChanges, idPrefix: SHOP_STATUS_CHANGE_ID_PREFIX, owner: 'shopId' },
      announce: (tx, row) => ctx.events.publish(tx, 'ShopStatusChanged', { shopId: row.id, from: existing.status, to: input.status, reason }),
    });
    if (!row) return problems.add(['input', 'status'], 'INVALID_TRANSITION', 'The shop changed meanwhile; reload and retry').refuse<ShopRow>();
    return ok(row);
  });
}

/** A shop's status changes, oldest first; the histories of a page of shops load in one query. */
export function statusHistory(ctx: RequestContext, shopId: string): Promise<ShopStatusChangeRow[]> {
  assertCan(ctx, shopTenancy, { id: shopId }, 'read');
  return rowsByParent(
    ctx,
    'shops.statusHistory',
    shopStatusChanges,
    { parent: shopStatusChanges.shopId, orderBy: [asc(shopStatusChanges.createdAt), asc(shopStatusChanges.id)] },
    shopId,
  );
}

/** Finds a shop the caller may change; records NOT_FOUND / INVALID_ID as user errors. */
async function findForChange(ctx: RequestContext, id: string, problems: Problems): Promise<ShopRow | undefined> {
  if (!isId(SHOP_ID_PREFIX, id)) {
    problems.add(['input', 'id'], 'INVALID_ID', `"${id}" is not a shop id`);
    return undefined;
  }
  assertCan(ctx, shopTenancy, { id }, 'write');
  const [row] = await ctx.db.select().from(shops).where(eq(shops.id, id));
  if (!row) problems.add(['input', 'id'], 'NOT_FOUND', `Shop ${id} not found`);
  return row;
}
