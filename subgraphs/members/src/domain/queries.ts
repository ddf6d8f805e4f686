import { and, eq, type SQL } from 'drizzle-orm';
import { anyOf, can, forbidden, isId, type ConnectionArgs, type RequestContext, listTable } from '@zhongtai/kit';
import { members, pointsEntries, type PointsKind } from '../db/tables.ts';
import { MEMBER_ID_PREFIX } from './ids.ts';
import { addressesOf } from './addresses.ts';
import { allLevels, levelFor } from './levels.ts';
import { loadMember } from './members.ts';
import { readPointsSettings } from './settings.ts';
import { pointsEntryTenancy } from './tenancy.ts';
import type { membersService } from '@zhongtai/kit';

/** A member's ledger, newest first. */
export async function pointsEntriesOf(ctx: RequestContext, memberId: string, args: ConnectionArgs, filter: { kind?: PointsKind | null } = {}) {
  if (!can(ctx, pointsEntryTenancy, { memberId }, 'read')) throw forbidden('Points are visible to the member and operators only');
  const conditions: (SQL | undefined)[] = [eq(pointsEntries.memberId, memberId)];
  if (filter.kind) conditions.push(eq(pointsEntries.kind, filter.kind));
  return listTable(ctx.db, pointsEntries, args, { where: and(...conditions), sort: { column: pointsEntries.seq, direction: 'DESC' } });
}

/** What pricing and checkout need of a member, in one call. */
export async function memberQuote(ctx: RequestContext, memberId: string): Promise<membersService.MemberQuote | null> {
  const member = await loadMember(ctx, memberId);
  if (!member) return null;
  const [levels, settings, addresses] = await Promise.all([allLevels(ctx), readPointsSettings(ctx.db), addressesOf(ctx, memberId)]);
  const level = levelFor(levels, member.growth);
  const address = addresses.find((a) => a.isDefault) ?? null;
  return {
    memberId: member.id,
    status: member.status,
    levelId: level?.id ?? null,
    levelName: level?.name ?? null,
    discountPercent: level?.discountPercent ?? 0,
    freeShipping: level?.freeShipping ?? false,
    pointsMultiplierPercent: level?.pointsMultiplierPercent ?? 100,
    pointsBalance: member.pointsBalance,
    pointsPerCurrencyUnit: settings.pointsPerCurrencyUnit,
    maxPointsDeductionPercent: settings.maxDeductionPercent,
    defaultAddress: address && {
      province: address.province,
      city: address.city,
      district: address.district,
      detail: address.detail,
      receiver: address.receiver,
      phone: address.phone,
    },
    registeredAt: member.registeredAt.toISOString(),
  };
}

/** Names of members (SERVICE only: the reviews center shows reviewers, masked by its rules); one query for a page. */
export async function memberNames(ctx: RequestContext, ids: string[]): Promise<{ id: string; name: string }[]> {
  const wanted = [...new Set(ids)].filter((id) => isId(MEMBER_ID_PREFIX, id)).slice(0, 500);
  if (!wanted.length) return [];
  return ctx.db.select({ id: members.id, name: members.name }).from(members).where(anyOf(members.id, wanted));
}
