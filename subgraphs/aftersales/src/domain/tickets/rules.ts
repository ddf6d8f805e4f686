import { TICKET_PRIORITIES, type TicketCategory, type TicketPriority, type TicketStatus } from '../../db/ticketTables.ts';
import type { TicketTimers } from '../config.ts';

/** The moves a ticket can make; reassignment keeps ASSIGNED and is not a move. */
const MOVES: Record<TicketStatus, readonly TicketStatus[]> = {
  OPEN: ['ASSIGNED', 'RESOLVED'],
  ASSIGNED: ['WAITING_CUSTOMER', 'RESOLVED'],
  WAITING_CUSTOMER: ['ASSIGNED', 'RESOLVED'],
  // Reopened by its customer (to its agent, or back to the queue), or closed.
  RESOLVED: ['CLOSED', 'ASSIGNED', 'OPEN'],
  CLOSED: ['ASSIGNED', 'OPEN'],
};

export const canMoveTicket = (from: TicketStatus, to: TicketStatus): boolean => MOVES[from].includes(to);

/** How much of the NORMAL clock each priority gets. */
const CLOCK_SHARE: Record<TicketPriority, number> = { URGENT: 0.25, HIGH: 0.5, NORMAL: 1, LOW: 2 };

/** When the first answer and the resolution are due, counted from `openedAt`. */
export function slaDeadlines(priority: TicketPriority, openedAt: Date, timers: TicketTimers): { firstResponseDueAt: Date; resolutionDueAt: Date } {
  const share = CLOCK_SHARE[priority];
  return {
    firstResponseDueAt: new Date(openedAt.getTime() + Math.round(timers.firstResponseSeconds * share * 1000)),
    resolutionDueAt: new Date(openedAt.getTime() + Math.round(timers.resolutionSeconds * share * 1000)),
  };
}

/** A breached clock moves a ticket one priority up; URGENT stays URGENT. */
export function raisedPriority(priority: TicketPriority): TicketPriority {
  const next = TICKET_PRIORITIES[TICKET_PRIORITIES.indexOf(priority) + 1];
  return next ?? priority;
}

/** A customer may reopen within the reopen window after the resolution. */
export function canReopen(resolvedAt: Date | null, now: Date, timers: TicketTimers): boolean {
  return resolvedAt !== null && now.getTime() - resolvedAt.getTime() <= timers.reopenSeconds * 1000;
}

export interface AgentLoad {
  staffId: string;
  categories: TicketCategory[];
  active: boolean;
  /** Tickets assigned to the agent and not yet resolved. */
  openTickets: number;
}

/**
 * The least-loaded active agent who takes `category` (an agent with no categories takes all);
 * ties go to the lower staff id, so the choice is the same on every node. Undefined: nobody.
 */
export function leastLoadedAgent(agents: readonly AgentLoad[], category: TicketCategory): AgentLoad | undefined {
  return agents
    .filter((a) => a.active && (a.categories.length === 0 || a.categories.includes(category)))
    .sort((a, b) => a.openTickets - b.openTickets || (a.staffId < b.staffId ? -1 : a.staffId > b.staffId ? 1 : 0))[0];
}
