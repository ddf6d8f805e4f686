import { toPayload, type MoneyInput, type RequestContext } from '@zhongtai/kit';
import { retryRefund, setDeduction, submitReturnShipment } from '../domain/returns.ts';
import { approveRequest, cancelRequest, escalateRequest, rejectRequest } from '../domain/decisions.ts';
import { fileRequest, type FileRequestInput } from '../domain/requests.ts';
import { setSupportAgent } from '../domain/tickets/agents.ts';
import { reassignTicket } from '../domain/tickets/assignment.ts';
import { replyToTicket, type ReplyInput } from '../domain/tickets/conversation.ts';
import { closeTicket, reopenTicket, resolveTicket } from '../domain/tickets/resolution.ts';
import { openTicket, type OpenTicketInput } from '../domain/tickets/tickets.ts';
import type { TicketCategory } from '../db/ticketTables.ts';
import type { MutationResolvers } from '../generated/resolvers.ts';

type Input<T> = { input: T };
type Decision = { id: string; reason?: string | null };

export const Mutation: MutationResolvers = {
  fileAfterSaleRequest: async (_: unknown, { input }: Input<FileRequestInput>, ctx: RequestContext) => toPayload('request', await fileRequest(ctx, input)),
  cancelAfterSaleRequest: async (_: unknown, { input }: Input<Decision>, ctx: RequestContext) => toPayload('request', await cancelRequest(ctx, input)),
  escalateAfterSaleRequest: async (_: unknown, { input }: Input<{ id: string; reason: string }>, ctx: RequestContext) =>
    toPayload('request', await escalateRequest(ctx, input)),
  approveAfterSaleRequest: async (_: unknown, { input }: Input<Decision>, ctx: RequestContext) => toPayload('request', await approveRequest(ctx, input)),
  submitAfterSaleReturnShipment: async (_: unknown, { input }: Input<{ id: string; carrierCode: string; trackingNumber: string }>, ctx: RequestContext) =>
    toPayload('request', await submitReturnShipment(ctx, input)),
  setAfterSaleDeduction: async (_: unknown, { input }: Input<{ id: string; amount: MoneyInput; reason: string }>, ctx: RequestContext) =>
    toPayload('request', await setDeduction(ctx, input)),
  retryAfterSaleRefund: async (_: unknown, { input }: Input<{ id: string }>, ctx: RequestContext) => toPayload('request', await retryRefund(ctx, input)),
  rejectAfterSaleRequest: async (_: unknown, { input }: Input<{ id: string; reason: string }>, ctx: RequestContext) =>
    toPayload('request', await rejectRequest(ctx, input)),
  openServiceTicket: async (_: unknown, { input }: Input<OpenTicketInput>, ctx: RequestContext) => toPayload('ticket', await openTicket(ctx, input)),
  replyToServiceTicket: async (_: unknown, { input }: Input<ReplyInput>, ctx: RequestContext) => {
    const result = await replyToTicket(ctx, input);
    return result.ok ? { ...result.value, userErrors: [] } : { ticket: null, message: null, userErrors: result.errors };
  },
  assignServiceTicket: async (_: unknown, { input }: Input<{ ticketId: string; staffId: string }>, ctx: RequestContext) =>
    toPayload('ticket', await reassignTicket(ctx, input)),
  resolveServiceTicket: async (_: unknown, { input }: Input<{ ticketId: string; resolution: string }>, ctx: RequestContext) =>
    toPayload('ticket', await resolveTicket(ctx, input)),
  closeServiceTicket: async (_: unknown, { input }: Input<{ ticketId: string }>, ctx: RequestContext) => toPayload('ticket', await closeTicket(ctx, input)),
  reopenServiceTicket: async (_: unknown, { input }: Input<{ ticketId: string; reason?: string | null }>, ctx: RequestContext) =>
    toPayload('ticket', await reopenTicket(ctx, input)),
  setSupportAgent: async (_: unknown, { input }: Input<{ staffId: string; categories: TicketCategory[]; active?: boolean | null }>, ctx: RequestContext) =>
    toPayload('agent', await setSupportAgent(ctx, input)),
};
