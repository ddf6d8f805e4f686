import { and, asc, count, eq, inArray } from 'drizzle-orm';
import { isId, newId, ok, Problems, recordTransition, type Db, type RequestContext, type Result } from '@zhongtai/kit';
import { ACTIVE_TICKET_STATUSES, serviceTickets, supportAgents, ticketSteps, type ServiceTicketRow, type TicketStatus } from '../../db/ticketTables.ts';
import { TICKET_ID_PREFIX, TICKET_STEP_ID_PREFIX } from '../ids.ts';
import { assertPlatformDesk } from './access.ts';
import { canMoveTicket, leastLoadedAgent, type AgentLoad } from './rules.ts';

/** The roster with each agent's open tickets, the agents' rows locked so that two assignments at once count each other. */
export async function agentLoads(tx: Db, lock: boolean): Promise<AgentLoad[]> {
  const query = tx.select().from(supportAgents).orderBy(asc(supportAgents.staffId));
  const agents = lock ? await query.for('update') : await query;
  if (!agents.length) return [];
  const loads = await tx
    .select({ staffId: serviceTickets.assigneeStaffId, n: count() })
    .from(serviceTickets)
    .where(
      and(
        inArray(
          serviceTickets.assigneeStaffId,
          agents.map((a) => a.staffId),
        ),
        inArray(serviceTickets.status, [...ACTIVE_TICKET_STATUSES]),
      ),
    )
    .groupBy(serviceTickets.assigneeStaffId);
  const loadOf = new Map(loads.map((l) => [l.staffId, l.n]));
  return agents.map((a) => ({ staffId: a.staffId, categories: a.categories, active: a.active, openTickets: loadOf.get(a.staffId) ?? 0 }));
}

/** Gives a new (or reopened) ticket to the least-loaded agent of its category; the ticket stays OPEN when there is none. */
export async function assignLeastLoaded(ctx: RequestContext, tx: Db, ticket: ServiceTicketRow): Promise<ServiceTicketRow | undefined> {
  const agent = leastLoadedAgent(await agentLoads(tx, true), ticket.category);
  if (!agent) return undefined;
  return moveTicket(ctx, tx, ticket, 'ASSIGNED', `assigned to ${agent.staffId} (least load in ${ticket.category})`, { assigneeStaffId: agent.staffId });
}

/**
 * A status change recorded with who and why, guarded on the status read (of two racing changes
 * one applies). `set` carries the columns that go with it.
 */
export async function moveTicket(
  ctx: RequestContext,
  tx: Db,
  row: Pick<ServiceTicketRow, 'id' | 'status'>,
  to: TicketStatus,
  reason: string | null,
  set: Partial<ServiceTicketRow> = {},
): Promise<ServiceTicketRow | undefined> {
  if (!canMoveTicket(row.status, to)) return undefined;
  return recordTransition(tx, {
    table: serviceTickets,
    row,
    to,
    set: { ...set, updatedAt: ctx.now() },
    reason,
    actor: ctx.claims?.subject ?? 'system',
    history: { table: ticketSteps, idPrefix: TICKET_STEP_ID_PREFIX, owner: 'ticketId' },
  });
}

/** An operator hands a ticket to another agent (or takes it); the agent must be on the roster and active. */
export async function reassignTicket(ctx: RequestContext, input: { ticketId: string; staffId: string }): Promise<Result<ServiceTicketRow>> {
  assertPlatformDesk(ctx);
  const problems = new Problems();
  if (!isId(TICKET_ID_PREFIX, input.ticketId)) return problems.add(['input', 'ticketId'], 'INVALID_ID', `"${input.ticketId}" is not a ticket id`).refuse();
  return ctx.db.transaction(async (tx) => {
    const [ticket] = await tx.select().from(serviceTickets).where(eq(serviceTickets.id, input.ticketId)).for('update');
    if (!ticket) return problems.add(['input', 'ticketId'], 'NOT_FOUND', `Ticket ${input.ticketId} not found`).refuse();
    const [agent] = await tx.select().from(supportAgents).where(eq(supportAgents.staffId, input.staffId));
    if (!agent?.active) return problems.add(['input', 'staffId'], 'NOT_FOUND', `${input.staffId} is not an active support agent`).refuse();
    if (ticket.status === 'RESOLVED' || ticket.status === 'CLOSED')
      return problems.add(['input', 'ticketId'], 'INVALID_TRANSITION', `A ${ticket.status} ticket is not reassigned`).refuse();
    const reason = `reassigned to ${agent.staffId}`;
    if (ticket.status === 'OPEN') {
      const moved = await moveTicket(ctx, tx, ticket, 'ASSIGNED', reason, { assigneeStaffId: agent.staffId });
      return moved ? ok(moved) : problems.add(['input', 'ticketId'], 'INVALID_TRANSITION', 'The ticket changed meanwhile').refuse();
    }
    const [updated] = await tx
      .update(serviceTickets)
      .set({ assigneeStaffId: agent.staffId, updatedAt: ctx.now() })
      .where(eq(serviceTickets.id, ticket.id))
      .returning();
    await tx.insert(ticketSteps).values({
      id: newId(TICKET_STEP_ID_PREFIX),
      ticketId: ticket.id,
      fromStatus: ticket.status,
      toStatus: ticket.status,
      reason,
      actor: ctx.claims?.subject ?? 'system',
      createdAt: ctx.now(),
    });
    return ok(updated ?? ticket);
  });
}
