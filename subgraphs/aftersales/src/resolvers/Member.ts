import type { ConnectionArgs, RequestContext } from '@zhongtai/kit';
import { listTickets, type TicketFilter } from '../domain/tickets/tickets.ts';
import type { MemberResolvers } from '../generated/resolvers.ts';

/** Member.tickets: the member's tickets the caller may read (a customer only their own, a shop its shop's). */
export const Member: MemberResolvers = {
  __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
  tickets: (member: { id: string }, args: ConnectionArgs & { filter?: TicketFilter | null }, ctx: RequestContext) =>
    listTickets(ctx, args, { ...args.filter, memberId: member.id }),
};
