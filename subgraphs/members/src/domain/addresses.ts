import { and, asc, desc, eq } from 'drizzle-orm';
import {
  assertCan,
  can,
  isId,
  memberForWrite,
  newId,
  ok,
  Problems,
  requiredText,
  type membersService,
  type RequestContext,
  type Result,
  rowsByParent,
} from '@zhongtai/kit';
import { addresses, members, type AddressRow } from '../db/tables.ts';
import { ADDRESS_ID_PREFIX, MEMBER_ID_PREFIX } from './ids.ts';
import { addressTenancy } from './tenancy.ts';

/** A member's addresses, default first; a page of members loads them in one query. */
export async function addressesOf(ctx: RequestContext, memberId: string): Promise<AddressRow[]> {
  if (!can(ctx, addressTenancy, { memberId }, 'read')) return [];
  return rowsByParent(
    ctx,
    'members.addressesByMember',
    addresses,
    { parent: addresses.memberId, orderBy: [desc(addresses.isDefault), asc(addresses.createdAt)] },
    memberId,
  );
}

/** An address as other centers read it (the kit's service contract), plus whose and whether default. */
export interface AddAddressInput extends membersService.MemberAddress {
  memberId?: string | null;
  isDefault?: boolean | null;
}

const FIELDS = [
  ['province', '省 Province', 50],
  ['city', '市 City', 50],
  ['district', '区 District', 50],
  ['detail', 'Street address', 200],
  ['receiver', 'Receiver', 50],
  ['phone', 'Receiver phone', 20],
] as const;

export async function addAddress(ctx: RequestContext, input: AddAddressInput): Promise<Result<AddressRow>> {
  const problems = new Problems();
  const memberId = memberForWrite(ctx, addressTenancy, input.memberId);
  if (!memberId) return problems.add(['input', 'memberId'], 'REQUIRED', 'Name the member').refuse();
  if (!isId(MEMBER_ID_PREFIX, memberId)) return problems.add(['input', 'memberId'], 'INVALID_ID', `"${memberId}" is not a member id`).refuse();
  const values: Record<string, string> = {};
  for (const [field, label, max] of FIELDS) {
    const text = requiredText(problems, input[field], ['input', field], label, max);
    if (text) values[field] = text;
  }
  if (problems.any) return problems.refuse();
  return ctx.db.transaction(async (tx) => {
    // Locks the member: two concurrent "make this the default" calls cannot both win.
    const [member] = await tx.select({ id: members.id }).from(members).where(eq(members.id, memberId)).for('update');
    if (!member) return problems.add(['input', 'memberId'], 'NOT_FOUND', `Member ${memberId} not found`).refuse<AddressRow>();
    const [existing] = await tx.select({ id: addresses.id }).from(addresses).where(eq(addresses.memberId, memberId)).limit(1);
    const isDefault = Boolean(input.isDefault) || !existing;
    if (isDefault)
      await tx
        .update(addresses)
        .set({ isDefault: false, updatedAt: new Date() })
        .where(and(eq(addresses.memberId, memberId), eq(addresses.isDefault, true)));
    const [row] = await tx
      .insert(addresses)
      .values({
        id: newId(ADDRESS_ID_PREFIX),
        memberId,
        isDefault,
        ...(values as Omit<AddressRow, 'id' | 'memberId' | 'isDefault' | 'createdAt' | 'updatedAt'>),
      })
      .returning();
    return ok(row!);
  });
}

export async function setDefaultAddress(ctx: RequestContext, input: { id: string }): Promise<Result<AddressRow>> {
  const problems = new Problems();
  if (!isId(ADDRESS_ID_PREFIX, input.id)) return problems.add(['input', 'id'], 'INVALID_ID', `"${input.id}" is not an address id`).refuse();
  const [address] = await ctx.db.select().from(addresses).where(eq(addresses.id, input.id));
  if (!address) return problems.add(['input', 'id'], 'NOT_FOUND', `Address ${input.id} not found`).refuse();
  assertCan(ctx, addressTenancy, address, 'write');
  return ctx.db.transaction(async (tx) => {
    await tx.select({ id: members.id }).from(members).where(eq(members.id, address.memberId)).for('update');
    await tx
      .update(addresses)
      .set({ isDefault: false, updatedAt: new Date() })
      .where(and(eq(addresses.memberId, address.memberId), eq(addresses.isDefault, true)));
    const [row] = await tx.update(addresses).set({ isDefault: true, updatedAt: new Date() }).where(eq(addresses.id, address.id)).returning();
    return ok(row!);
  });
}
