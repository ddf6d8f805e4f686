import { sql } from 'drizzle-orm';
import { bigint, boolean, index, jsonb, text, uniqueIndex, varchar } from 'drizzle-orm/pg-core';
import { idColumn, timestampColumn, timestamps } from '@zhongtai/kit';
import { aftersalesSchema } from './tables.ts';

export const TICKET_CATEGORIES = ['ORDER', 'AFTER_SALE', 'DELIVERY', 'PAYMENT', 'PRODUCT', 'ACCOUNT', 'OTHER'] as const;
/** Lowest first: a breached SLA moves a ticket one step up. */
export const TICKET_PRIORITIES = ['LOW', 'NORMAL', 'HIGH', 'URGENT'] as const;
export const TICKET_STATUSES = ['OPEN', 'ASSIGNED', 'WAITING_CUSTOMER', 'RESOLVED', 'CLOSED'] as const;
/** A ticket in one of these is on an agent's plate: what "load" counts. */
export const ACTIVE_TICKET_STATUSES = ['OPEN', 'ASSIGNED', 'WAITING_CUSTOMER'] as const;
export const TICKET_SOURCES = ['CUSTOMER', 'MERCHANT', 'AGENT', 'SYSTEM'] as const;
export const TICKET_AUTHORS = ['CUSTOMER', 'AGENT', 'MERCHANT', 'SYSTEM'] as const;

export const ticketCategory = aftersalesSchema.enum('ticket_category', TICKET_CATEGORIES);
export const ticketPriority = aftersalesSchema.enum('ticket_priority', TICKET_PRIORITIES);
export const ticketStatus = aftersalesSchema.enum('ticket_status', TICKET_STATUSES);
export const ticketSource = aftersalesSchema.enum('ticket_source', TICKET_SOURCES);
export const ticketAuthor = aftersalesSchema.enum('ticket_author', TICKET_AUTHORS);

/**
 * 工单: a question or a problem a person has to look at. The member and the shop it concerns are
 * copied in when it is opened (scoping needs no other center); a ticket opened by an event
 * carries that event's key in `sourceKey`, so a redelivered event opens nothing new.
 */
export const serviceTickets = aftersalesSchema.table(
  'service_tickets',
  {
    id: idColumn().primaryKey(),
    subject: varchar('subject', { length: 200 }).notNull(),
    category: ticketCategory('category').notNull(),
    priority: ticketPriority('priority').notNull(),
    status: ticketStatus('status').notNull().default('OPEN'),
    source: ticketSource('source').notNull(),
    memberId: idColumn('member_id'),
    shopId: idColumn('shop_id'),
    orderId: idColumn('order_id'),
    afterSaleRequestId: idColumn('after_sale_request_id'),
    /** The platform staff member working it (a support agent). */
    assigneeStaffId: idColumn('assignee_staff_id'),
    openedBy: varchar('opened_by', { length: 100 }).notNull(),
    sourceKey: varchar('source_key', { length: 200 }),
    firstResponseDueAt: timestampColumn('first_response_due_at').notNull(),
    firstRespondedAt: timestampColumn('first_responded_at'),
    resolutionDueAt: timestampColumn('resolution_due_at').notNull(),
    /** Which SLA clocks ran out (each raised the priority once). */
    firstResponseBreached: boolean('first_response_breached').notNull().default(false),
    resolutionBreached: boolean('resolution_breached').notNull().default(false),
    resolution: text('resolution'),
    resolvedAt: timestampColumn('resolved_at'),
    closedAt: timestampColumn('closed_at'),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('service_tickets_source_key').on(t.sourceKey),
    index('service_tickets_status_idx').on(t.status, t.createdAt, t.id),
    index('service_tickets_assignee_idx').on(t.assigneeStaffId, t.status, t.resolutionDueAt, t.id),
    index('service_tickets_member_idx').on(t.memberId, t.createdAt, t.id),
    index('service_tickets_shop_idx').on(t.shopId, t.createdAt, t.id),
    index('service_tickets_order_idx').on(t.orderId),
    index('service_tickets_created_idx').on(t.createdAt, t.id),
  ],
);

/** The conversation. Internal notes are for agents: never returned to the customer or the shop. */
export const ticketMessages = aftersalesSchema.table(
  'ticket_messages',
  {
    id: idColumn().primaryKey(),
    ticketId: idColumn('ticket_id')
      .notNull()
      .references(() => serviceTickets.id),
    author: ticketAuthor('author').notNull(),
    authorId: varchar('author_id', { length: 100 }).notNull(),
    body: text('body').notNull(),
    internal: boolean('internal').notNull().default(false),
    createdAt: timestampColumn('created_at').notNull().defaultNow(),
    /** The conversation's order: two messages in one millisecond (a reply and the status it sets) keep theirs. */
    seq: bigint('seq', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
  },
  (t) => [index('ticket_messages_ticket_idx').on(t.ticketId, t.seq)],
);

/** Every status change of a ticket: who, when, from what to what, why. */
export const ticketSteps = aftersalesSchema.table(
  'ticket_steps',
  {
    id: idColumn().primaryKey(),
    ticketId: idColumn('ticket_id')
      .notNull()
      .references(() => serviceTickets.id),
    fromStatus: ticketStatus('from_status'),
    toStatus: ticketStatus('to_status').notNull(),
    reason: text('reason'),
    actor: varchar('actor', { length: 100 }).notNull(),
    createdAt: timestampColumn('created_at').notNull().defaultNow(),
    /** Steps written in one transaction (opened, then assigned) share its time; this keeps their order. */
    seq: bigint('seq', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
  },
  (t) => [index('ticket_steps_ticket_idx').on(t.ticketId, t.seq)],
);

/** Platform staff who take tickets, and the categories each takes. */
export const supportAgents = aftersalesSchema.table('support_agents', {
  staffId: idColumn('staff_id').primaryKey(),
  categories: jsonb('categories')
    .$type<TicketCategory[]>()
    .notNull()
    .default(sql`'[]'::jsonb`),
  active: boolean('active').notNull().default(true),
  ...timestamps(),
});

export type ServiceTicketRow = typeof serviceTickets.$inferSelect;
export type TicketMessageRow = typeof ticketMessages.$inferSelect;
export type TicketStepRow = typeof ticketSteps.$inferSelect;
export type TicketCategory = (typeof TICKET_CATEGORIES)[number];
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export type TicketAuthor = (typeof TICKET_AUTHORS)[number];
