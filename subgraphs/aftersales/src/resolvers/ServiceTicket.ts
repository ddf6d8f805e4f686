import { visibleOrNull, type RequestContext } from '@zhongtai/kit';
import type { ServiceTicketRow, TicketStepRow } from '../db/ticketTables.ts';
import { loadRequest } from '../domain/requests.ts';
import { afterSaleRequestTenancy } from '../domain/tenancy.ts';
import { visibleMessages } from '../domain/tickets/access.ts';
import { findTicket, messagesOf, ticketStepsOf } from '../domain/tickets/tickets.ts';
import type { ServiceTicketResolvers, TicketStepResolvers } from '../generated/resolvers.ts';

export const ServiceTicket: ServiceTicketResolvers = {
  __resolveReference: (ref: { id: string }, ctx: RequestContext) => findTicket(ctx, ref.id),
  member: (row: ServiceTicketRow) => (row.memberId ? { __typename: 'Member', id: row.memberId } : null),
  shop: (row: ServiceTicketRow) => (row.shopId ? { __typename: 'Shop', id: row.shopId } : null),
  order: (row: ServiceTicketRow) => (row.orderId ? { __typename: 'Order', id: row.orderId } : null),
  afterSaleRequest: async (row: ServiceTicketRow, _: unknown, ctx: RequestContext) =>
    row.afterSaleRequestId ? visibleOrNull(ctx, afterSaleRequestTenancy, await loadRequest(ctx, row.afterSaleRequestId), 'read') : null,
  messages: async (row: ServiceTicketRow, _: unknown, ctx: RequestContext) => visibleMessages(ctx, await messagesOf(ctx, row.id)),
  history: (row: ServiceTicketRow, _: unknown, ctx: RequestContext) => ticketStepsOf(ctx, row.id),
};

export const TicketStep: TicketStepResolvers = {
  from: (step: TicketStepRow) => step.fromStatus,
  to: (step: TicketStepRow) => step.toStatus,
  at: (step: TicketStepRow) => step.createdAt,
};
