import { and, eq, gte, ilike, lt, or, type SQL } from 'drizzle-orm';
import {
  forbidden,
  isId,
  isUniqueViolation,
  newId,
  ok,
  Problems,
  requiredText,
  containsPattern,
  type ConnectionArgs,
  type RequestContext,
  type Result,
  type SortDirection,
  listTable,
  rowById,
  canReadEntity,
} from '@zhongtai/kit';
import { members, type MemberRow, type MemberStatus } from '../db/tables.ts';
import { memberTenancy } from './tenancy.ts';
import { MEMBER_ID_PREFIX } from './ids.ts';
import { allLevels, growthRange } from './levels.ts';

export interface MemberFilter {
  status?: MemberStatus | null;
  levelId?: string | null;
  keyword?: string | null;
  registeredFrom?: Date | null;
  registeredBefore?: Date | null;
}

export interface MemberSort {
  field: 'REGISTERED_AT' | 'NAME' | 'GROWTH';
  direction: SortDirection;
}

const SORT_KEYS = {
  REGISTERED_AT: members.registeredAt,
  NAME: members.name,
  GROWTH: members.growth,
} as const;

/** Members for operators and analysts (the SDL admits no one else). */
export async function listMembers(
  ctx: RequestContext,
  args: ConnectionArgs,
  filter: MemberFilter = {},
  sort: MemberSort = { field: 'REGISTERED_AT', direction: 'DESC' },
) {
  const conditions: (SQL | undefined)[] = [];
  if (filter.status) conditions.push(eq(members.status, filter.status));
  const pattern = containsPattern(filter.keyword);
  if (pattern) conditions.push(or(ilike(members.name, pattern), ilike(members.phone, pattern)));
  if (filter.registeredFrom) conditions.push(gte(members.registeredAt, filter.registeredFrom));
  if (filter.registeredBefore) conditions.push(lt(members.registeredAt, filter.registeredBefore));
  if (filter.levelId) {
    // A level is a growth range: members are never stored with a level that could go stale.
    const range = growthRange(await allLevels(ctx), filter.levelId);
    if (!range)
      conditions.push(eq(members.id, '')); // an unknown level matches nobody
    else conditions.push(gte(members.growth, range.from), range.to === null ? undefined : lt(members.growth, range.to));
  }
  return listTable(ctx.db, members, args, { where: and(...conditions), sort: { column: SORT_KEYS[sort.field], direction: sort.direction } });
}

/** Batched by id for the whole request; no access check. */
export function loadMember(ctx: RequestContext, id: string): Promise<MemberRow | null> {
  return rowById(ctx, 'members.byId', members, MEMBER_ID_PREFIX, id);
}

/**
 * A reference from another center (an order's buyer): null when the caller may not see the member.
 * A merchant passes here; entityScopes.Member then asks the orders center whether it is a buyer of its shop.
 */
export async function resolveMemberReference(ctx: RequestContext, id: string): Promise<MemberRow | null> {
  return (await canReadEntity(ctx, ANY_SHOP_MAY_ASK, { id })) ? loadMember(ctx, id) : null;
}

const ANY_SHOP_MAY_ASK = { ...memberTenancy, reference: { reachedByShop: async () => true } };

/** `me`: the CUSTOMER token's own member. */
export async function me(ctx: RequestContext): Promise<MemberRow | null> {
  const memberId = ctx.claims?.memberId;
  if (!memberId) throw forbidden('Only customers have a member account');
  return loadMember(ctx, memberId);
}

const PHONE = /^\+?[0-9][0-9 -]{5,18}[0-9]$/;

export async function registerMember(ctx: RequestContext, input: { name: string; phone: string }): Promise<Result<MemberRow>> {
  const problems = new Problems();
  const name = requiredText(problems, input.name, ['input', 'name'], 'Name', 100);
  const phone = requiredText(problems, input.phone, ['input', 'phone'], 'Phone', 20)?.replace(/[ -]/g, '');
  if (phone) problems.check(PHONE.test(phone), ['input', 'phone'], 'INVALID', `"${input.phone}" is not a phone number`);
  if (problems.any || !name || !phone) return problems.refuse();
  try {
    const [row] = await ctx.db
      .insert(members)
      .values({ id: newId(MEMBER_ID_PREFIX), name, phone })
      .returning();
    return ok(row!);
  } catch (error) {
    if (isUniqueViolation(error, 'members_phone_key')) return problems.add(['input', 'phone'], 'TAKEN', `Phone ${phone} is registered already`).refuse();
    throw error;
  }
}

export async function changeMemberStatus(ctx: RequestContext, input: { id: string; status: MemberStatus }): Promise<Result<MemberRow>> {
  const problems = new Problems();
  if (!isId(MEMBER_ID_PREFIX, input.id)) return problems.add(['input', 'id'], 'INVALID_ID', `"${input.id}" is not a member id`).refuse();
  const [row] = await ctx.db.update(members).set({ status: input.status, updatedAt: new Date() }).where(eq(members.id, input.id)).returning();
  if (!row) return problems.add(['input', 'id'], 'NOT_FOUND', `Member ${input.id} not found`).refuse();
  return ok(row);
}
