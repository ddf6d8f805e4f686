import { can, maskPhone, type ConnectionArgs, type RequestContext } from '@zhongtai/kit';
import type { MemberRow, PointsKind } from '../db/tables.ts';
import { addressesOf } from '../domain/addresses.ts';
import { allLevels, levelFor } from '../domain/levels.ts';
import { resolveMemberReference } from '../domain/members.ts';
import { pointsEntriesOf } from '../domain/queries.ts';

import type { MemberResolvers } from '../generated/resolvers.ts';
import { memberTenancy } from '../domain/tenancy.ts';

export const Member: MemberResolvers = {
  __resolveReference: (ref: { id: string }, ctx: RequestContext) => resolveMemberReference(ctx, ref.id),
  phone: (member: MemberRow, _: unknown, ctx: RequestContext) => (can(ctx, memberTenancy, member, 'read') ? member.phone : maskPhone(member.phone)),
  level: async (member: MemberRow, _: unknown, ctx: RequestContext) => levelFor(await allLevels(ctx), member.growth),
  pointsBalance: (member: MemberRow, _: unknown, ctx: RequestContext) => (can(ctx, memberTenancy, member, 'read') ? member.pointsBalance : null),
  addresses: (member: MemberRow, _: unknown, ctx: RequestContext) => addressesOf(ctx, member.id),
  defaultAddress: async (member: MemberRow, _: unknown, ctx: RequestContext) => (await addressesOf(ctx, member.id)).find((a) => a.isDefault) ?? null,
  pointsEntries: (member: MemberRow, args: ConnectionArgs & { filter?: { kind?: PointsKind | null } | null }, ctx: RequestContext) =>
    pointsEntriesOf(ctx, member.id, args, args.filter ?? {}),
};
