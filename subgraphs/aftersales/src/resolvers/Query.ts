import type { ConnectionArgs, RequestContext } from '@zhongtai/kit';
import { listSupportAgents } from '../domain/tickets/agents.ts';
import { countTicketsByStatus, findTicket, listMyQueue, listTickets, type TicketFilter } from '../domain/tickets/tickets.ts';
import { countRequestsByStatus, findRequest, listMyRequests, listRequests, openRequestOrders, type RequestFilter } from '../domain/requests.ts';
import type { QueryResolvers } from '../generated/resolvers.ts';

type List = ConnectionArgs & { filter?: RequestFilter | null };
type TicketList = ConnectionArgs & { filter?: TicketFilter | null };

export const Query: QueryResolvers = {
  afterSaleRequests: (_: unknown, args: List, ctx: RequestContext) => listRequests(ctx, args, args.filter ?? {}),
  myAfterSaleRequests: (_: unknown, args: List, ctx: RequestContext) => listMyRequests(ctx, args, args.filter ?? {}),
  afterSaleRequest: (_: unknown, { id }: { id: string }, ctx: RequestContext) => findRequest(ctx, id),
  afterSaleRequestCounts: (_: unknown, args: { filter?: RequestFilter | null }, ctx: RequestContext) => countRequestsByStatus(ctx, args.filter ?? {}),
  serviceTickets: (_: unknown, args: TicketList, ctx: RequestContext) => listTickets(ctx, args, args.filter ?? {}),
  // A customer's list is its own by the tenancy; no member or shop filter can widen it.
  myServiceTickets: (_: unknown, args: TicketList, ctx: RequestContext) => listTickets(ctx, args, { ...args.filter, memberId: ctx.claims?.memberId ?? null }),
  myTicketQueue: (_: unknown, args: ConnectionArgs, ctx: RequestContext) => listMyQueue(ctx, args),
  serviceTicket: (_: unknown, { id }: { id: string }, ctx: RequestContext) => findTicket(ctx, id),
  serviceTicketCounts: (_: unknown, args: { filter?: TicketFilter | null }, ctx: RequestContext) => countTicketsByStatus(ctx, args.filter ?? {}),
  supportAgents: (_: unknown, __: unknown, ctx: RequestContext) => listSupportAgents(ctx),
  openAfterSaleOrders: (_: unknown, { orderIds }: { orderIds: string[] }, ctx: RequestContext) => openRequestOrders(ctx, orderIds),
};
