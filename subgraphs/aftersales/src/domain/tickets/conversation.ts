import { eq } from 'drizzle-orm';
import { isId, newId, ok, Problems, requiredText, type RequestContext, type Result } from '@zhongtai/kit';
import { serviceTickets, ticketMessages, type ServiceTicketRow, type TicketAuthor, type TicketMessageRow } from '../../db/ticketTables.ts';
import { TICKET_ID_PREFIX, TICKET_MESSAGE_ID_PREFIX } from '../ids.ts';
import { assertCanWorkTicket, assertPlatformDesk, assertTicketCustomer } from './access.ts';
import { moveTicket } from './assignment.ts';

export interface ReplyInput {
  ticketId: string;
  body: string;
  /** An agent's note for other agents: never shown to the customer or the shop. */
  internal?: boolean | null;
  /** The agent asked the customer something: the ticket waits for them (WAITING_CUSTOMER). */
  waitForCustomer?: boolean | null;
}

const OPEN_FOR_MESSAGES = ['OPEN', 'ASSIGNED', 'WAITING_CUSTOMER'];

/**
 * A message on a ticket. The customer answers their own ticket (a waiting ticket goes back to its
 * agent); the shop's staff answer tickets of their shop; agents answer anything and write internal
 * notes. The first public answer from the other side stops the first-response clock; an agent who
 * answers an unassigned ticket takes it.
 */
export async function replyToTicket(ctx: RequestContext, input: ReplyInput): Promise<Result<{ ticket: ServiceTicketRow; message: TicketMessageRow }>> {
  const problems = new Problems();
  const body = requiredText(problems, input.body, ['input', 'body'], 'Message', 5000);
  if (!isId(TICKET_ID_PREFIX, input.ticketId)) problems.add(['input', 'ticketId'], 'INVALID_ID', `"${input.ticketId}" is not a ticket id`);
  if (!body || problems.any) return problems.refuse();
  const role = ctx.claims?.role;
  const author: TicketAuthor = role === 'CUSTOMER' ? 'CUSTOMER' : role === 'MERCHANT' ? 'MERCHANT' : 'AGENT';
  if (input.internal || input.waitForCustomer) assertPlatformDesk(ctx);

  return ctx.db.transaction(async (tx) => {
    const [ticket] = await tx.select().from(serviceTickets).where(eq(serviceTickets.id, input.ticketId)).for('update');
    if (!ticket) return problems.add(['input', 'ticketId'], 'NOT_FOUND', `Ticket ${input.ticketId} not found`).refuse();
    if (author === 'CUSTOMER') assertTicketCustomer(ctx, ticket);
    else assertCanWorkTicket(ctx, ticket);
    if (!OPEN_FOR_MESSAGES.includes(ticket.status))
      return problems.add(['input', 'ticketId'], 'INVALID_TRANSITION', `A ${ticket.status} ticket takes no messages; reopen it first`).refuse();

    const now = ctx.now();
    const [message] = await tx
      .insert(ticketMessages)
      .values({
        id: newId(TICKET_MESSAGE_ID_PREFIX),
        ticketId: ticket.id,
        author,
        authorId: ctx.claims?.subject ?? 'system',
        body,
        internal: Boolean(input.internal),
        createdAt: now,
      })
      .returning();
    const answers = !input.internal && (author === 'AGENT' || (author === 'MERCHANT' && ticket.source !== 'MERCHANT'));
    let current = ticket;
    if (answers && !ticket.firstRespondedAt) {
      const [answered] = await tx.update(serviceTickets).set({ firstRespondedAt: now, updatedAt: now }).where(eq(serviceTickets.id, ticket.id)).returning();
      current = answered ?? ticket;
    }
    current = await nextStatus(ctx, tx, current, author, input);
    if (!message) throw new Error('insert returned no message');
    return ok({ ticket: current, message });
  });
}

async function nextStatus(ctx: RequestContext, tx: Parameters<typeof moveTicket>[1], ticket: ServiceTicketRow, author: TicketAuthor, input: ReplyInput) {
  if (author === 'CUSTOMER' && ticket.status === 'WAITING_CUSTOMER') return (await moveTicket(ctx, tx, ticket, 'ASSIGNED', 'the customer answered')) ?? ticket;
  if (author !== 'AGENT' || input.internal) return ticket;
  let current = ticket;
  if (current.status === 'OPEN' && ctx.claims?.staffId) {
    current = (await moveTicket(ctx, tx, current, 'ASSIGNED', `taken by ${ctx.claims.staffId}`, { assigneeStaffId: ctx.claims.staffId })) ?? current;
  }
  if (input.waitForCustomer && current.status === 'ASSIGNED') {
    current = (await moveTicket(ctx, tx, current, 'WAITING_CUSTOMER', 'waiting for the customer')) ?? current;
  }
  return current;
}
