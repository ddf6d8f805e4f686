import { and, asc, count, eq, inArray, type SQL } from 'drizzle-orm';
import {
  equalTo,
  isId,
  listTable,
  newId,
  ok,
  ordersService,
  Problems,
  requiredText,
  rowById,
  rowsByParent,
  scopedWhere,
  shopForWrite,
  type ConnectionArgs,
  type Db,
  type RequestContext,
  type Result,
} from '@zhongtai/kit';
import {
  serviceTickets,
  ticketMessages,
  ticketSteps,
  type ServiceTicketRow,
  type TicketAuthor,
  type TicketCategory,
  type TicketMessageRow,
  type TicketPriority,
  type TicketStatus,
  type TicketStepRow,
} from '../../db/ticketTables.ts';
import { ticketTimers } from '../config.ts';
import { AFTER_SALE_ID_PREFIX, ORDER_ID_PREFIX, TICKET_ID_PREFIX, TICKET_MESSAGE_ID_PREFIX, TICKET_STEP_ID_PREFIX } from '../ids.ts';
import { loadRequest } from '../requests.ts';
import { serviceTicketTenancy } from '../tenancy.ts';
import { assertCanReadTicket, assertPlatformDesk } from './access.ts';
import { assignLeastLoaded } from './assignment.ts';
import { slaDeadlines } from './rules.ts';

export const TICKET_SLA_JOB = 'ticketSla';
const MAX_BODY = 5000;

export function loadTicket(ctx: RequestContext, id: string): Promise<ServiceTicketRow | null> {
  return rowById(ctx, 'aftersales.ticketById', serviceTickets, TICKET_ID_PREFIX, id);
}

/** One ticket for whoever may read it (FORBIDDEN otherwise); null when there is none. */
export async function findTicket(ctx: RequestContext, id: string): Promise<ServiceTicketRow | null> {
  const row = await loadTicket(ctx, id);
  if (row) assertCanReadTicket(ctx, row);
  return row;
}

export function messagesOf(ctx: RequestContext, ticketId: string): Promise<TicketMessageRow[]> {
  return rowsByParent(ctx, 'aftersales.ticketMessages', ticketMessages, { parent: ticketMessages.ticketId, orderBy: [asc(ticketMessages.seq)] }, ticketId);
}

export function ticketStepsOf(ctx: RequestContext, ticketId: string): Promise<TicketStepRow[]> {
  return rowsByParent(ctx, 'aftersales.ticketSteps', ticketSteps, { parent: ticketSteps.ticketId, orderBy: [asc(ticketSteps.seq)] }, ticketId);
}

/** What a new ticket is about and who it belongs to, settled before it is written. */
export interface NewTicket {
  subject: string;
  category: TicketCategory;
  priority: TicketPriority;
  source: 'CUSTOMER' | 'MERCHANT' | 'AGENT' | 'SYSTEM';
  memberId: string | null;
  shopId: string | null;
  orderId: string | null;
  afterSaleRequestId: string | null;
  body: string;
  author: TicketAuthor;
  /** An event's key: a redelivered event opens nothing new. */
  sourceKey?: string;
}

/**
 * Writes a ticket, its first message and its first step in `tx`, assigns it to the least-loaded
 * agent of its category, and schedules both SLA clocks. Returns undefined when `sourceKey` was
 * already used (the caller's transaction is not spoiled: the insert does nothing).
 */
export async function insertTicket(ctx: RequestContext, tx: Db, ticket: NewTicket): Promise<ServiceTicketRow | undefined> {
  const now = ctx.now();
  const id = newId(TICKET_ID_PREFIX);
  const actor = ctx.claims?.subject ?? 'system';
  const [inserted] = await tx
    .insert(serviceTickets)
    .values({
      id,
      subject: ticket.subject,
      category: ticket.category,
      priority: ticket.priority,
      source: ticket.source,
      memberId: ticket.memberId,
      shopId: ticket.shopId,
      orderId: ticket.orderId,
      afterSaleRequestId: ticket.afterSaleRequestId,
      openedBy: actor,
      sourceKey: ticket.sourceKey ?? null,
      ...slaDeadlines(ticket.priority, now, ticketTimers()),
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing({ target: serviceTickets.sourceKey })
    .returning();
  if (!inserted) return undefined;
  await tx
    .insert(ticketMessages)
    .values({ id: newId(TICKET_MESSAGE_ID_PREFIX), ticketId: id, author: ticket.author, authorId: actor, body: ticket.body, createdAt: now });
  await tx
    .insert(ticketSteps)
    .values({ id: newId(TICKET_STEP_ID_PREFIX), ticketId: id, fromStatus: null, toStatus: 'OPEN', reason: ticket.subject, actor, createdAt: now });
  await ctx.events.schedule(
    tx,
    TICKET_SLA_JOB,
    { ticketId: id, clock: 'FIRST_RESPONSE' },
    { startAfter: inserted.firstResponseDueAt, singletonKey: `sla-first-${id}` },
  );
  await ctx.events.schedule(
    tx,
    TICKET_SLA_JOB,
    { ticketId: id, clock: 'RESOLUTION' },
    { startAfter: inserted.resolutionDueAt, singletonKey: `sla-resolve-${id}` },
  );
  return (await assignLeastLoaded(ctx, tx, inserted)) ?? inserted;
}

export interface OpenTicketInput {
  subject: string;
  category: TicketCategory;
  body: string;
  orderId?: string | null;
  afterSaleRequestId?: string | null;
  /** Operators only: whose ticket it is and how urgent. */
  memberId?: string | null;
  priority?: TicketPriority | null;
}

/**
 * 提交工单: a customer about their own order or request (or nothing in particular), a merchant
 * to the platform about its shop's order, an operator on someone's behalf. What the ticket
 * concerns is checked with its owner: an order of another member or shop is FORBIDDEN.
 */
export async function openTicket(ctx: RequestContext, input: OpenTicketInput): Promise<Result<ServiceTicketRow>> {
  const problems = new Problems();
  const subject = requiredText(problems, input.subject, ['input', 'subject'], 'Subject', 200);
  const body = requiredText(problems, input.body, ['input', 'body'], 'Message', MAX_BODY);
  if (input.orderId && !isId(ORDER_ID_PREFIX, input.orderId)) problems.add(['input', 'orderId'], 'INVALID_ID', `"${input.orderId}" is not an order id`);
  if (input.afterSaleRequestId && !isId(AFTER_SALE_ID_PREFIX, input.afterSaleRequestId))
    problems.add(['input', 'afterSaleRequestId'], 'INVALID_ID', `"${input.afterSaleRequestId}" is not an after-sale request id`);
  const role = ctx.claims?.role;
  if (role !== 'ADMIN' && (input.memberId || input.priority)) assertPlatformDesk(ctx);
  if (!subject || !body || problems.any) return problems.refuse();

  const about = await concerns(ctx, problems, input);
  if (!about || problems.any) return problems.refuse();
  const source = role === 'CUSTOMER' ? 'CUSTOMER' : role === 'MERCHANT' ? 'MERCHANT' : 'AGENT';
  const author = role === 'CUSTOMER' ? 'CUSTOMER' : role === 'MERCHANT' ? 'MERCHANT' : 'AGENT';
  const row = await ctx.db.transaction((tx) =>
    insertTicket(ctx, tx, { subject, body, category: input.category, priority: input.priority ?? 'NORMAL', source, author, ...about }),
  );
  if (!row) throw new Error('a ticket without a source key was not inserted');
  return ok(row);
}

type Concerns = Pick<NewTicket, 'memberId' | 'shopId' | 'orderId' | 'afterSaleRequestId'>;

/** The member, shop, order and request a new ticket concerns, each checked against the caller. */
async function concerns(ctx: RequestContext, problems: Problems, input: OpenTicketInput): Promise<Concerns | undefined> {
  const role = ctx.claims?.role;
  let orderId = input.orderId ?? null;
  let shopId: string | null = null;
  let memberId: string | null = role === 'CUSTOMER' ? (ctx.claims?.memberId ?? null) : (input.memberId ?? null);
  if (input.afterSaleRequestId) {
    const request = await loadRequest(ctx, input.afterSaleRequestId);
    if (!request) return void problems.add(['input', 'afterSaleRequestId'], 'NOT_FOUND', `After-sale request ${input.afterSaleRequestId} not found`);
    if (orderId && orderId !== request.orderId) return void problems.add(['input', 'orderId'], 'INVALID', 'The request is of another order');
    orderId = request.orderId;
  }
  if (orderId) {
    const { afterSaleOrder: order } = await ctx.services.call(ordersService.afterSaleOrder, { id: orderId });
    if (!order) return void problems.add(['input', 'orderId'], 'NOT_FOUND', `Order ${orderId} not found`);
    // The order's owners decide who may open a ticket about it, by the same declaration as the ticket's.
    const asTicket = { shopId: order.shopId, memberId: order.memberId } as ServiceTicketRow;
    if (role === 'CUSTOMER') assertCanReadTicket(ctx, asTicket);
    shopId = role === 'MERCHANT' ? shopForWrite(ctx, serviceTicketTenancy, order.shopId) : order.shopId;
    // A merchant's ticket is the shop's question to the platform, not a conversation with the buyer.
    memberId = role === 'MERCHANT' ? null : order.memberId;
  } else if (role === 'MERCHANT') {
    shopId = shopForWrite(ctx, serviceTicketTenancy, null);
  }
  return { memberId, shopId, orderId, afterSaleRequestId: input.afterSaleRequestId ?? null };
}

export interface TicketFilter {
  status?: TicketStatus[] | null;
  category?: TicketCategory | null;
  priority?: TicketPriority | null;
  shopId?: string | null;
  memberId?: string | null;
  orderId?: string | null;
  assigneeStaffId?: string | null;
}

function conditions(ctx: RequestContext, filter: TicketFilter): SQL | undefined {
  const t = serviceTickets;
  return and(
    scopedWhere(ctx, serviceTicketTenancy, { shopId: filter.shopId, memberId: filter.memberId }),
    filter.status?.length ? inArray(t.status, filter.status) : undefined,
    ...equalTo(filter, { category: t.category, priority: t.priority, orderId: t.orderId, assigneeStaffId: t.assigneeStaffId }),
  );
}

/** Tickets the caller may read (a customer's own, a shop's, all for the platform), oldest first. */
export function listTickets(ctx: RequestContext, args: ConnectionArgs, filter: TicketFilter = {}) {
  return listTable(ctx.db, serviceTickets, args, { where: conditions(ctx, filter), sort: { column: serviceTickets.createdAt, direction: 'ASC' } });
}

/** The signed-in agent's queue: their unresolved tickets, the one whose resolution is due first on top. */
export function listMyQueue(ctx: RequestContext, args: ConnectionArgs) {
  assertPlatformDesk(ctx);
  const staffId = ctx.claims?.staffId ?? '';
  const where = and(eq(serviceTickets.assigneeStaffId, staffId), inArray(serviceTickets.status, ['OPEN', 'ASSIGNED', 'WAITING_CUSTOMER']));
  return listTable(ctx.db, serviceTickets, args, { where, sort: { column: serviceTickets.resolutionDueAt, direction: 'ASC' } });
}

/** How many of the tickets the caller may read are in each status (the tabs of a work list). */
export async function countTicketsByStatus(ctx: RequestContext, filter: TicketFilter = {}): Promise<{ status: TicketStatus; count: number }[]> {
  const rows = await ctx.db
    .select({ status: serviceTickets.status, count: count() })
    .from(serviceTickets)
    .where(conditions(ctx, { ...filter, status: null }))
    .groupBy(serviceTickets.status);
  return rows;
}
