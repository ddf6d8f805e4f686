import type { ConnectionArgs, RequestContext } from '@zhongtai/kit';
import { listMembers, loadMember, me, type MemberFilter, type MemberSort } from '../domain/members.ts';
import { allLevels } from '../domain/levels.ts';
import { memberNames, memberQuote } from '../domain/queries.ts';
import { readPointsSettings } from '../domain/settings.ts';
import type { QueryResolvers } from '../generated/resolvers.ts';

export const Query: QueryResolvers = {
  me: (_: unknown, __: unknown, ctx: RequestContext) => me(ctx),
  member: (_: unknown, { id }: { id: string }, ctx: RequestContext) => loadMember(ctx, id),
  members: (_: unknown, args: ConnectionArgs & { filter?: MemberFilter | null; sort?: MemberSort | null }, ctx: RequestContext) =>
    listMembers(ctx, args, args.filter ?? {}, args.sort ?? undefined),
  memberLevels: (_: unknown, __: unknown, ctx: RequestContext) => allLevels(ctx),
  pointsSettings: (_: unknown, __: unknown, ctx: RequestContext) => readPointsSettings(ctx.db),
  memberQuote: (_: unknown, { memberId }: { memberId: string }, ctx: RequestContext) => memberQuote(ctx, memberId),
  memberNames: (_: unknown, { ids }: { ids: string[] }, ctx: RequestContext) => memberNames(ctx, ids),
};
