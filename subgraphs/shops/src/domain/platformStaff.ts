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
  type PlatformStaffRole,
  type RequestContext,
  type Result,
  type StaffStanding,
  listTable,
} from '@zhongtai/kit';
import { platformStaff, shopStaff, type PlatformStaffRow } from '../db/tables.ts';
import { validateEmail } from './shopRules.ts';
import { PLATFORM_STAFF_ID_PREFIX, STAFF_ID_PREFIX } from './ids.ts';

/** The platform's staff: only a SUPER_ADMIN manages them (permission platform-staff:manage). */

export function listPlatformStaff(
  ctx: RequestContext,
  args: ConnectionArgs,
  filter: { role?: PlatformStaffRole | null; status?: PlatformStaffRow['status'] | null } = {},
) {
  const where = and(filter.role ? eq(platformStaff.role, filter.role) : undefined, filter.status ? eq(platformStaff.status, filter.status) : undefined);
  return listTable(ctx.db, platformStaff, args, { where, sort: { column: platformStaff.createdAt, direction: 'ASC' } });
}

export async function loadPlatformStaff(ctx: RequestContext, id: string): Promise<PlatformStaffRow | null> {
  if (!isId(PLATFORM_STAFF_ID_PREFIX, id)) return null;
  return ctx.loaders
    .byId<PlatformStaffRow>('shops.platformStaffById', (ids) => ctx.db.select().from(platformStaff).where(anyOf(platformStaff.id, ids)))
    .load(id);
}

export interface CreatePlatformStaffInput {
  name: string;
  email: string;
  role: PlatformStaffRole;
}

export async function createPlatformStaff(ctx: RequestContext, input: CreatePlatformStaffInput): Promise<Result<PlatformStaffRow>> {
  const problems = new Problems();
  const name = requiredText(problems, input.name, ['input', 'name'], 'Name', 100);
  const email = validateEmail(problems, input.email, ['input', 'email']);
  if (problems.any || !name || !email) return problems.refuse();
  try {
    const [row] = await ctx.db
      .insert(platformStaff)
      .values({ id: newId(PLATFORM_STAFF_ID_PREFIX), name, email, role: input.role })
      .returning();
    return ok(row!);
  } catch (error) {
    if (isUniqueViolation(error, 'platform_staff_email_key')) return problems.add(['input', 'email'], 'TAKEN', `${email} is already platform staff`).refuse();
    throw error;
  }
}

export interface UpdatePlatformStaffInput {
  id: string;
  name?: string | null;
  role?: PlatformStaffRole | null;
}

export async function updatePlatformStaff(ctx: RequestContext, input: UpdatePlatformStaffInput): Promise<Result<PlatformStaffRow>> {
  const problems = new Problems();
  const existing = await findForChange(ctx, input.id, problems);
  if (!existing) return problems.refuse();
  const changes: Partial<PlatformStaffRow> = {};
  if (input.name != null) changes.name = requiredText(problems, input.name, ['input', 'name'], 'Name', 100);
  if (input.role) {
    if (existing.id === ctx.claims?.staffId && input.role !== existing.role) problems.add(['input', 'role'], 'INVALID', 'Nobody changes their own role');
    changes.role = input.role;
  }
  if (problems.any) return problems.refuse();
  const [row] = await ctx.db
    .update(platformStaff)
    .set({ ...changes, updatedAt: new Date() })
    .where(eq(platformStaff.id, existing.id))
    .returning();
  return ok(row!);
}

export async function setPlatformStaffStatus(
  ctx: RequestContext,
  input: { id: string },
  status: PlatformStaffRow['status'],
): Promise<Result<PlatformStaffRow>> {
  const problems = new Problems();
  const existing = await findForChange(ctx, input.id, problems);
  if (!existing) return problems.refuse();
  if (existing.id === ctx.claims?.staffId) return problems.add(['input', 'id'], 'INVALID', 'Nobody suspends or reactivates themselves').refuse();
  if (existing.status === status) return problems.add(['input', 'id'], 'INVALID_TRANSITION', `Already ${status}`).refuse();
  const [row] = await ctx.db.update(platformStaff).set({ status, updatedAt: new Date() }).where(eq(platformStaff.id, existing.id)).returning();
  return ok(row!);
}

async function findForChange(ctx: RequestContext, id: string, problems: Problems): Promise<PlatformStaffRow | undefined> {
  if (!isId(PLATFORM_STAFF_ID_PREFIX, id)) {
    problems.add(['input', 'id'], 'INVALID_ID', `"${id}" is not a platform staff id`);
    return undefined;
  }
  const [row] = await ctx.db.select().from(platformStaff).where(eq(platformStaff.id, id));
  if (!row) problems.add(['input', 'id'], 'NOT_FOUND', `Platform staff ${id} not found`);
  return row;
}

/** For the kit's permission checks (SERVICE only): shop and platform staff alike, as they stand now. */
export async function staffStandings(ctx: RequestContext, ids: string[]): Promise<StaffStanding[]> {
  const shopIds = ids.filter((id) => isId(STAFF_ID_PREFIX, id));
  const platformIds = ids.filter((id) => isId(PLATFORM_STAFF_ID_PREFIX, id));
  const [shopRows, platformRows] = await Promise.all([
    shopIds.length ? ctx.db.select().from(shopStaff).where(anyOf(shopStaff.id, shopIds)) : [],
    platformIds.length ? ctx.db.select().from(platformStaff).where(anyOf(platformStaff.id, platformIds)) : [],
  ]);
  return [
    ...shopRows.map((r) => ({ id: r.id, kind: 'SHOP' as const, shopId: r.shopId, role: r.role, active: r.status === 'ACTIVE' })),
    ...platformRows.map((r) => ({ id: r.id, kind: 'PLATFORM' as const, shopId: null, role: r.role, active: r.status === 'ACTIVE' })),
  ];
}
