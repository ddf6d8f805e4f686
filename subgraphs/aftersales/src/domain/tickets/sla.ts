import { and, eq } from 'drizzle-orm';
import { newId, type RequestContext } from '@zhongtai/kit';
import { serviceTickets, ticketMessages, type ServiceTicketRow } from '../../db/ticketTables.ts';
import { TICKET_MESSAGE_ID_PREFIX } from '../ids.ts';
import { moveTicket } from './assignment.ts';
import { raisedPriority } from './rules.ts';
import { loadTicket, TICKET_SLA_JOB } from './tickets.ts';
import { ticketTimers } from '../config.ts';

export type SlaClock = 'FIRST_RESPONSE' | 'RESOLUTION';

const STILL_OPEN = ['OPEN', 'ASSIGNED', 'WAITING_CUSTOMER'];

/**
 * The SLA timer of one ticket: when the clock ran out with nothing done (no answer yet; not
 * resolved), the ticket moves one priority up, once per clock, with a system note saying why.
 * Started early (a clock between hosts, or a reopened ticket's later deadline), it asks again at
 * the deadline. Idempotent: the breach flag is set by a guarded update.
 */
export async function checkSla(ctx: RequestContext, ticketId: string, clock: SlaClock): Promise<boolean> {
  const ticket = await loadTicket(ctx, ticketId);
  if (!ticket || !STILL_OPEN.includes(ticket.status)) return false;
  const due = clock === 'FIRST_RESPONSE' ? ticket.firstResponseDueAt : ticket.resolutionDueAt;
  const done = clock === 'FIRST_RESPONSE' ? ticket.firstRespondedAt !== null || ticket.firstResponseBreached : ticket.resolutionBreached;
  if (done) return false;
  if (due.getTime() > ctx.now().getTime()) {
    await ctx.events.schedule(ctx.db, TICKET_SLA_JOB, { ticketId, clock }, { startAfter: due });
    return false;
  }
  return breach(ctx, ticket, clock);
}

async function breach(ctx: RequestContext, ticket: ServiceTicketRow, clock: SlaClock): Promise<boolean> {
  const flag = clock === 'FIRST_RESPONSE' ? serviceTickets.firstResponseBreached : serviceTickets.resolutionBreached;
  const priority = raisedPriority(ticket.priority);
  return ctx.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(serviceTickets)
      .set({ [clock === 'FIRST_RESPONSE' ? 'firstResponseBreached' : 'resolutionBreached']: true, priority, updatedAt: ctx.now() })
      .where(and(eq(serviceTickets.id, ticket.id), eq(flag, false)))
      .returning();
    if (!updated) return false;
    const what = clock === 'FIRST_RESPONSE' ? 'No first answer' : 'Not resolved';
    await tx.insert(ticketMessages).values({
      id: newId(TICKET_MESSAGE_ID_PREFIX),
      ticketId: ticket.id,
      author: 'SYSTEM',
      authorId: 'system:aftersales',
      body: `${what} by the SLA deadline: priority ${ticket.priority} -> ${priority}`,
      internal: true,
      createdAt: ctx.now(),
    });
    return true;
  });
}

/** A resolved ticket nobody reopened within the window closes by itself. */
export async function closeResolved(ctx: RequestContext, ticketId: string): Promise<boolean> {
  const ticket = await loadTicket(ctx, ticketId);
  if (ticket?.status !== 'RESOLVED' || !ticket.resolvedAt) return false;
  if (ticket.resolvedAt.getTime() + ticketTimers().reopenSeconds * 1000 > ctx.now().getTime()) return false;
  return Boolean(
    await ctx.db.transaction((tx) => moveTicket(ctx, tx, ticket, 'CLOSED', 'no reopen within the window: closed automatically', { closedAt: ctx.now() })),
  );
}
