import { tenancy } from '@zhongtai/kit';
import { afterSaleRequests } from '../db/tables.ts';
import { serviceTickets, supportAgents, ticketMessages } from '../db/ticketTables.ts';

/**
 * A request is its customer's and the shop's it was filed with. The shop's staff (and operators)
 * decide it; the customer's own steps are checked with `callerMember` (domain/access.ts), so a
 * member does not `write` the row: a customer never approves their own request.
 */
export const afterSaleRequestTenancy = tenancy('after-sale request', afterSaleRequests, { shop: 'shopId', member: 'memberId' });

/**
 * A service ticket is its customer's (when a customer opened it or it concerns their order) and
 * the shop's it concerns; one with no shop is the platform's alone. Private: analysts do not read
 * conversations. Customers act on their own tickets through `callerMember` (domain/tickets/access.ts).
 */
export const serviceTicketTenancy = tenancy('service ticket', serviceTickets, { shop: 'shopId', member: 'memberId', platform: 'private', private: true });

/** An internal note is the platform's: no shop and no member ever reads it. */
export const internalNoteTenancy = tenancy('internal note', ticketMessages, { private: true });

/** The support agents' roster is the platform's. */
export const supportAgentTenancy = tenancy('support agent', supportAgents, { private: true });
