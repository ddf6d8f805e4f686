import { assertCan, assertPlatform, callerMember, can, forbidden, type RequestContext } from '@zhongtai/kit';
import type { ServiceTicketRow, TicketMessageRow } from '../../db/ticketTables.ts';
import { internalNoteTenancy, serviceTicketTenancy } from '../tenancy.ts';

/** Who may see and act on a ticket, on the declarations in tenancy.ts. */

export function assertCanReadTicket(ctx: RequestContext, row: ServiceTicketRow): void {
  assertCan(ctx, serviceTicketTenancy, row, 'read');
}

/** Staff work on a ticket: the platform, or the staff of the shop it concerns. */
export function assertCanWorkTicket(ctx: RequestContext, row: ServiceTicketRow): void {
  assertCan(ctx, serviceTicketTenancy, row, 'write');
}

/** The platform's side of the desk: assigning, resolving, internal notes. */
export function assertPlatformDesk(ctx: RequestContext): void {
  assertPlatform(ctx, "Only the platform's support desk does this");
}

export function assertTicketCustomer(ctx: RequestContext, row: ServiceTicketRow): void {
  if (callerMember(ctx, serviceTicketTenancy) !== row.memberId) throw forbidden('This ticket belongs to another customer');
}

/** Internal notes only for the platform; everyone else gets the conversation without them. */
export function visibleMessages(ctx: RequestContext, messages: TicketMessageRow[]): TicketMessageRow[] {
  return messages.filter((m) => !m.internal || can(ctx, internalNoteTenancy, m, 'read'));
}
