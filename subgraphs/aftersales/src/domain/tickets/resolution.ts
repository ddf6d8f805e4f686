import { eq } from 'drizzle-orm';
import { isId, ok, optionalText, Problems, requiredText, type RequestContext, type Result } from '@zhongtai/kit';
import { serviceTickets, type ServiceTicketRow } from '../../db/ticketTables.ts';
import { ticketTimers } from '../config.ts';
import { TICKET_ID_PREFIX } from '../ids.ts';
import { assertCanWorkTicket, assertTicketCustomer } from './access.ts';
import { assignLeastLoaded, moveTicket } from './assignment.ts';
import { canReopen } from './rules.ts';
import { TICKET_SLA_JOB } from './tickets.ts';

export const CLOSE_RESOLVED_JOB = 'closeResolvedTicket';

type Refusal = (problems: Problems, ticket: ServiceTicketRow) => Problems | undefined;

/** Reads the ticket locked, checks the caller with `allowed`, and runs `change` in one transaction. */
async function withTicket(
  ctx: RequestContext,
  ticketId: string,
  problems: Problems,
  allowed: (ticket: ServiceTicketRow) => void,
  change: (tx: Parameters<typeof moveTicket>[1], ticket: ServiceTicketRow) => Promise<ServiceTicketRow | undefined>,
  refuse?: Refusal,
): Promise<Result<ServiceTicketRow>> {
  if (!isId(TICKET_ID_PREFIX, ticketId)) return problems.add(['input', 'ticketId'], 'INVALID_ID', `"${ticketId}" is not a ticket id`).refuse();
  return ctx.db.transaction(async (tx) => {
    const [ticket] = await tx.select().from(serviceTickets).where(eq(serviceTickets.id, ticketId)).for('update');
    if (!ticket) return problems.add(['input', 'ticketId'], 'NOT_FOUND', `Ticket ${ticketId} not found`).refuse();
    allowed(ticket);
    if (refuse?.(problems, ticket)) return problems.refuse();
    const moved = await change(tx, ticket);
    if (!moved) return problems.add(['input', 'ticketId'], 'INVALID_TRANSITION', `A ${ticket.status} ticket cannot do that`).refuse();
    return ok(moved);
  });
}

/** Resolved, with what was done; closes by itself after the reopen window unless the customer reopens it. */
export async function resolveTicket(ctx: RequestContext, input: { ticketId: string; resolution: string }): Promise<Result<ServiceTicketRow>> {
  const problems = new Problems();
  const resolution = requiredText(problems, input.resolution, ['input', 'resolution'], 'Resolution', 2000);
  if (!resolution) return problems.refuse();
  const now = ctx.now();
  return withTicket(
    ctx,
    input.ticketId,
    problems,
    (t) => assertCanWorkTicket(ctx, t),
    async (tx, t) => {
      const moved = await moveTicket(ctx, tx, t, 'RESOLVED', resolution, { resolution, resolvedAt: now });
      const closesAt = new Date(now.getTime() + ticketTimers().reopenSeconds * 1000);
      if (moved)
        await ctx.events.schedule(tx, CLOSE_RESOLVED_JOB, { ticketId: t.id }, { startAfter: closesAt, singletonKey: `close-${t.id}-${now.getTime()}` });
      return moved;
    },
  );
}

/** The customer confirms the resolution (or an operator closes it). */
export async function closeTicket(ctx: RequestContext, input: { ticketId: string }): Promise<Result<ServiceTicketRow>> {
  const problems = new Problems();
  return withTicket(
    ctx,
    input.ticketId,
    problems,
    (t) => (ctx.claims?.role === 'CUSTOMER' ? assertTicketCustomer(ctx, t) : assertCanWorkTicket(ctx, t)),
    (tx, t) => moveTicket(ctx, tx, t, 'CLOSED', 'confirmed', { closedAt: ctx.now() }),
  );
}

/** The customer was not helped after all: within the reopen window the ticket goes back to its agent (or the queue) with a fresh resolution clock. */
export async function reopenTicket(ctx: RequestContext, input: { ticketId: string; reason?: string | null }): Promise<Result<ServiceTicketRow>> {
  const problems = new Problems();
  const reason = optionalText(problems, input.reason, ['input', 'reason'], 'Reason', 500) ?? 'reopened by the customer';
  const now = ctx.now();
  const timers = ticketTimers();
  return withTicket(
    ctx,
    input.ticketId,
    problems,
    (t) => assertTicketCustomer(ctx, t),
    async (tx, t) => {
      const resolutionDueAt = new Date(now.getTime() + timers.resolutionSeconds * 1000);
      const reset = { resolvedAt: null, closedAt: null, resolution: null, resolutionDueAt, resolutionBreached: false };
      const to = t.assigneeStaffId ? 'ASSIGNED' : 'OPEN';
      const moved = await moveTicket(ctx, tx, t, to, reason, reset);
      if (!moved) return undefined;
      await ctx.events.schedule(
        tx,
        TICKET_SLA_JOB,
        { ticketId: t.id, clock: 'RESOLUTION' },
        { startAfter: resolutionDueAt, singletonKey: `sla-resolve-${t.id}-${now.getTime()}` },
      );
      return to === 'OPEN' ? ((await assignLeastLoaded(ctx, tx, moved)) ?? moved) : moved;
    },
    (p, t) => {
      if (t.status !== 'RESOLVED' && t.status !== 'CLOSED') return p.add(['input', 'ticketId'], 'INVALID_TRANSITION', `A ${t.status} ticket is still open`);
      if (!canReopen(t.resolvedAt, now, timers))
        return p.add(
          ['input', 'ticketId'],
          'EXPIRED',
          `A ticket is reopened within ${Math.round(timers.reopenSeconds / 3600)} hours of its resolution; open a new one`,
        );
      return undefined;
    },
  );
}
