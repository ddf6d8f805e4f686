import { demoMemberId, demoPlatformStaffId } from '@zhongtai/kit';
import { testAdmin, waitFor } from '@zhongtai/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decide, fileRequest, paidOrder } from './support/aftersales.ts';
import { carrierCallback } from './support/fulfillment.ts';
import { startTestGraph, type TestGraph } from './support/graph.ts';
import { buyableSkus, shipOrder, type BuyableSku } from './support/shopping.ts';

const TICKET = `id subject category priority status source assigneeStaffId firstRespondedAt firstResponseBreached resolutionBreached resolvedAt
  order { id } shop { id } member { id } messages { author body internal } history { from to reason actor }`;

interface Ticket {
  id: string;
  subject: string;
  category: string;
  priority: string;
  status: string;
  source: string;
  assigneeStaffId: string | null;
  firstRespondedAt: string | null;
  firstResponseBreached: boolean;
  resolutionBreached: boolean;
  resolvedAt: string | null;
  order: { id: string } | null;
  shop: { id: string } | null;
  member: { id: string } | null;
  messages: { author: string; body: string; internal: boolean }[];
  history: { from: string | null; to: string; reason: string | null; actor: string }[];
}

type Payload = { ticket: Ticket | null; userErrors: { code: string; message: string }[] };

/**
 * 工单 through the gateway: customers, shops and events open tickets; agents share the load;
 * internal notes stay internal. The tests run in order: the first puts two agents on the roster.
 */
describe('service tickets', () => {
  let t: TestGraph;
  let skus: BuyableSku[];
  let agentA: string;
  let agentB: string;
  let customerB: string;
  const csAgent = demoPlatformStaffId('CS_AGENT');
  const operator = demoPlatformStaffId('OPERATOR');

  const open = async (input: Record<string, unknown>, token = t.tokens.customer) => {
    const res = await t.gql<{ openServiceTicket: Payload }>(
      `mutation($input: OpenServiceTicketInput!) { openServiceTicket(input: $input) { ticket { ${TICKET} } userErrors { code message } } }`,
      { input },
      token,
    );
    if (!res.data && res.errors?.[0]?.extensions?.code !== 'FORBIDDEN') throw new Error(JSON.stringify(res.errors));
    return res;
  };
  const reply = (input: Record<string, unknown>, token: string) =>
    t.gql<{ replyToServiceTicket: Payload }>(
      `mutation($input: ReplyToServiceTicketInput!) { replyToServiceTicket(input: $input) { ticket { ${TICKET} } userErrors { code message } } }`,
      { input },
      token,
    );
  const act = (name: string, input: Record<string, unknown>, token: string) =>
    t.gql<Record<string, Payload>>(
      `mutation($input: ${name[0]!.toUpperCase()}${name.slice(1)}Input!) { ${name}(input: $input) { ticket { ${TICKET} } userErrors { code message } } }`,
      { input },
      token,
    );
  const ticket = async (id: string, token = t.tokens.admin) => {
    const res = await t.gql<{ serviceTicket: Ticket | null }>(`query($id: ID!) { serviceTicket(id: $id) { ${TICKET} } }`, { id }, token);
    return res;
  };
  const setAgent = (staffId: string, categories: string[], active = true) =>
    t.gql<{ setSupportAgent: { agent: { staffId: string; openTickets: number } | null; userErrors: { code: string }[] } }>(
      'mutation($input: SetSupportAgentInput!) { setSupportAgent(input: $input) { agent { staffId openTickets } userErrors { code } } }',
      { input: { staffId, categories, active } },
      t.tokens.admin,
    );

  beforeAll(async () => {
    t = await startTestGraph();
    skus = await buyableSkus(t, t.shopA, 2, 10);
    agentA = await t.graph.tokens.sign(testAdmin('CS_AGENT'));
    agentB = await t.graph.tokens.sign(testAdmin('OPERATOR'));
    customerB = await t.graph.tokens.sign({ role: 'CUSTOMER', memberId: demoMemberId(2), subject: 'customer:b' });
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
  });

  it('the roster takes platform staff only; a new ticket goes to the least-loaded agent of its category', async () => {
    const notStaff = await setAgent('stf_not_a_member', ['ORDER']);
    expect(notStaff.data!.setSupportAgent.userErrors.map((e) => e.code)).toEqual(['NOT_FOUND']);
    const byMerchant = await t.gql(
      'mutation { setSupportAgent(input: { staffId: "x", categories: [] }) { userErrors { code } } }',
      undefined,
      t.tokens.merchantA,
    );
    expect(byMerchant.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    expect((await setAgent(csAgent, ['ORDER', 'AFTER_SALE', 'DELIVERY'])).data!.setSupportAgent.agent).toEqual({ staffId: csAgent, openTickets: 0 });
    expect((await setAgent(operator, ['ORDER', 'PAYMENT'])).data!.setSupportAgent.agent).toEqual({ staffId: operator, openTickets: 0 });

    const order = await paidOrder(t, 'tk-least-1', [{ skuId: skus[0]!.id, quantity: 1 }]);
    const first = (await open({ subject: 'Where is my parcel?', category: 'ORDER', body: '还没发货吗', orderId: order.id })).data!.openServiceTicket;
    expect(first.userErrors).toEqual([]);
    // Both take ORDER with no load: the lower staff id wins the tie, and the other gets the next one.
    const [lower, higher] = [csAgent, operator].sort();
    expect(first.ticket).toMatchObject({ status: 'ASSIGNED', source: 'CUSTOMER', assigneeStaffId: lower, order: { id: order.id }, shop: { id: t.shopA } });
    const second = (await open({ subject: 'Invoice please', category: 'ORDER', body: '要发票' })).data!.openServiceTicket.ticket!;
    expect(second).toMatchObject({ status: 'ASSIGNED', assigneeStaffId: higher, shop: null });
    // DELIVERY is only the CS agent's, whatever the load.
    const third = (await open({ subject: 'Box damaged', category: 'DELIVERY', body: '箱子坏了' })).data!.openServiceTicket.ticket!;
    expect(third.assigneeStaffId).toBe(csAgent);
    // Nobody takes ACCOUNT: the ticket waits in the queue, OPEN.
    const fourth = (await open({ subject: 'Change my phone', category: 'ACCOUNT', body: '换手机号' })).data!.openServiceTicket.ticket!;
    expect(fourth).toMatchObject({ status: 'OPEN', assigneeStaffId: null });

    const roster = await t.gql<{ supportAgents: { staffId: string; openTickets: number }[] }>(
      '{ supportAgents { staffId openTickets } }',
      undefined,
      t.tokens.admin,
    );
    const loads = Object.fromEntries(roster.data!.supportAgents.map((a) => [a.staffId, a.openTickets]));
    // The CS agent has one of the two ORDER tickets and the only DELIVERY one.
    expect(loads).toEqual({ [csAgent]: 2, [operator]: 1 });
    // The agent's own queue holds what is theirs.
    const queue = await t.gql<{ myTicketQueue: { nodes: { id: string }[] } }>('{ myTicketQueue(first: 10) { nodes { id } } }', undefined, agentA);
    expect(queue.data!.myTicketQueue.nodes.map((n) => n.id).sort()).toEqual(
      [first.ticket!, second, third]
        .filter((x) => x.assigneeStaffId === csAgent)
        .map((x) => x.id)
        .sort(),
    );

    // An operator hands the unassigned one to the CS agent.
    const handed = (await act('assignServiceTicket', { ticketId: fourth.id, staffId: csAgent }, t.tokens.admin)).data!.assignServiceTicket!;
    expect(handed.ticket).toMatchObject({ status: 'ASSIGNED', assigneeStaffId: csAgent });
    const byCustomer = await act('assignServiceTicket', { ticketId: fourth.id, staffId: operator }, t.tokens.customer);
    expect(byCustomer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses tickets about another member’s order or another shop’s, and hides tickets across tenants', async () => {
    const order = await paidOrder(t, 'tk-scope-1', [{ skuId: skus[1]!.id, quantity: 1 }]);
    const stranger = await open({ subject: 'x', category: 'ORDER', body: 'not mine', orderId: order.id }, customerB);
    expect(stranger.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const otherShop = await open({ subject: 'x', category: 'ORDER', body: 'not our order', orderId: order.id }, t.tokens.merchantB);
    expect(otherShop.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const blank = (await open({ subject: ' ', category: 'ORDER', body: '' })).data!.openServiceTicket;
    expect(blank.userErrors.map((e) => e.code).sort()).toEqual(['REQUIRED', 'REQUIRED']);
    const priority = await open({ subject: 'urgent!', category: 'ORDER', body: 'me first', priority: 'URGENT' });
    expect(priority.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const mine = (await open({ subject: 'Wrong colour', category: 'ORDER', body: '颜色不对', orderId: order.id })).data!.openServiceTicket.ticket!;
    expect((await ticket(mine.id, customerB)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await ticket(mine.id, t.tokens.merchantB)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await ticket(mine.id, t.tokens.merchantA)).data!.serviceTicket!.id).toBe(mine.id);
    const listB = await t.gql<{ serviceTickets: { nodes: { id: string; shop: { id: string } | null }[] } }>(
      '{ serviceTickets(first: 50) { nodes { id shop { id } } } }',
      undefined,
      t.tokens.merchantB,
    );
    expect(listB.data!.serviceTickets.nodes.every((n) => n.shop?.id === t.shopB)).toBe(true);
    expect(listB.data!.serviceTickets.nodes.map((n) => n.id)).not.toContain(mine.id);
    const listA = await t.gql<{ serviceTickets: { nodes: { id: string }[] } }>('{ serviceTickets(first: 50) { nodes { id } } }', undefined, t.tokens.merchantA);
    expect(listA.data!.serviceTickets.nodes.map((n) => n.id)).toContain(mine.id);
    const ofB = await t.gql<{ myServiceTickets: { totalCount: number } }>('{ myServiceTickets(first: 5) { totalCount } }', undefined, customerB);
    expect(ofB.data!.myServiceTickets.totalCount).toBe(0);
    const analyst = await t.gql('{ serviceTickets(first: 5) { totalCount } }', undefined, t.tokens.analyst);
    expect(analyst.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    // A merchant's question to the platform about its order is not the buyer's conversation.
    const shopQuestion = (await open({ subject: 'Buyer unreachable', category: 'ORDER', body: '联系不上买家', orderId: order.id }, t.tokens.merchantA)).data!
      .openServiceTicket.ticket!;
    expect(shopQuestion).toMatchObject({ source: 'MERCHANT', member: null, shop: { id: t.shopA } });
    expect((await ticket(shopQuestion.id, t.tokens.customer)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const me = await t.gql<{ me: { tickets: { nodes: { id: string }[] } } }>('{ me { tickets(first: 50) { nodes { id } } } }', undefined, t.tokens.customer);
    const ids = me.data!.me.tickets.nodes.map((n) => n.id);
    expect(ids).toContain(mine.id);
    expect(ids).not.toContain(shopQuestion.id);
  });

  it('a conversation: internal notes never reach the customer or the shop; waiting, answering, resolving, reopening, closing', async () => {
    const order = await paidOrder(t, 'tk-talk-1', [{ skuId: skus[0]!.id, quantity: 1 }]);
    const opened = (await open({ subject: 'Size question', category: 'AFTER_SALE', body: '尺码不合适', orderId: order.id })).data!.openServiceTicket.ticket!;
    expect(opened.assigneeStaffId).toBe(csAgent);
    expect(opened.firstRespondedAt).toBeNull();

    const note = (await reply({ ticketId: opened.id, body: 'VIP buyer, be generous', internal: true }, agentA)).data!.replyToServiceTicket;
    expect(note.userErrors).toEqual([]);
    expect(note.ticket!.firstRespondedAt).toBeNull();
    const byCustomerInternal = await reply({ ticketId: opened.id, body: 'psst', internal: true }, t.tokens.customer);
    expect(byCustomerInternal.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const byShopInternal = await reply({ ticketId: opened.id, body: 'psst', internal: true }, t.tokens.merchantA);
    expect(byShopInternal.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const asked = (await reply({ ticketId: opened.id, body: '请提供照片', waitForCustomer: true }, agentA)).data!.replyToServiceTicket.ticket!;
    expect(asked.status).toBe('WAITING_CUSTOMER');
    expect(asked.firstRespondedAt).not.toBeNull();
    const answered = (await reply({ ticketId: opened.id, body: '照片在这里' }, t.tokens.customer)).data!.replyToServiceTicket.ticket!;
    expect(answered.status).toBe('ASSIGNED');
    const shopSays = (await reply({ ticketId: opened.id, body: '可以换货' }, t.tokens.merchantA)).data!.replyToServiceTicket;
    expect(shopSays.userErrors).toEqual([]);
    const strangerSays = await reply({ ticketId: opened.id, body: 'hi' }, customerB);
    expect(strangerSays.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const otherShopSays = await reply({ ticketId: opened.id, body: 'hi' }, t.tokens.merchantB);
    expect(otherShopSays.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const bodies = async (token: string) => (await ticket(opened.id, token)).data!.serviceTicket!.messages.map((m) => m.body);
    const conversation = ['尺码不合适', '请提供照片', '照片在这里', '可以换货'];
    expect(await bodies(t.tokens.customer)).toEqual(conversation);
    expect(await bodies(t.tokens.merchantA)).toEqual(conversation);
    expect(await bodies(agentB)).toEqual(['尺码不合适', 'VIP buyer, be generous', ...conversation.slice(1)]);
    // Not through a list, a reference or the member either.
    const viaList = await t.gql<{ myServiceTickets: { nodes: { messages: { internal: boolean }[] }[] } }>(
      '{ myServiceTickets(first: 50) { nodes { messages { internal } } } }',
      undefined,
      t.tokens.customer,
    );
    expect(viaList.data!.myServiceTickets.nodes.flatMap((n) => n.messages).some((m) => m.internal)).toBe(false);

    const byCustomerResolve = await act('resolveServiceTicket', { ticketId: opened.id, resolution: 'done' }, t.tokens.customer);
    expect(byCustomerResolve.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const resolved = (await act('resolveServiceTicket', { ticketId: opened.id, resolution: '换货已安排' }, agentA)).data!.resolveServiceTicket!.ticket!;
    expect(resolved.status).toBe('RESOLVED');
    const late = (await reply({ ticketId: opened.id, body: 'one more thing' }, t.tokens.customer)).data!.replyToServiceTicket;
    expect(late.userErrors.map((e) => e.code)).toEqual(['INVALID_TRANSITION']);
    const reopenedByStranger = await act('reopenServiceTicket', { ticketId: opened.id }, customerB);
    expect(reopenedByStranger.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const reopened = (await act('reopenServiceTicket', { ticketId: opened.id, reason: '还没收到' }, t.tokens.customer)).data!.reopenServiceTicket!.ticket!;
    expect(reopened).toMatchObject({ status: 'ASSIGNED', assigneeStaffId: csAgent, resolvedAt: null });
    await act('resolveServiceTicket', { ticketId: opened.id, resolution: '已补发' }, agentA);
    const closed = (await act('closeServiceTicket', { ticketId: opened.id }, t.tokens.customer)).data!.closeServiceTicket!.ticket!;
    expect(closed.status).toBe('CLOSED');
    expect(closed.history.map((h) => h.to)).toEqual(['OPEN', 'ASSIGNED', 'WAITING_CUSTOMER', 'ASSIGNED', 'RESOLVED', 'ASSIGNED', 'RESOLVED', 'CLOSED']);

    // After the reopen window a resolved ticket cannot be reopened, and closes by itself.
    process.env.TICKET_REOPEN_SECONDS = '1';
    try {
      const short = (await open({ subject: 'Quick one', category: 'ORDER', body: '?' })).data!.openServiceTicket.ticket!;
      await act('resolveServiceTicket', { ticketId: short.id, resolution: 'answered' }, t.tokens.admin);
      await new Promise((r) => setTimeout(r, 1200));
      const expired = (await act('reopenServiceTicket', { ticketId: short.id }, t.tokens.customer)).data!.reopenServiceTicket!;
      expect(expired.userErrors.map((e) => e.code)).toEqual(['EXPIRED']);
      await t.graph.host!.bus!.relayNow();
      const autoClosed = await waitFor(
        async () => {
          const row = (await ticket(short.id)).data!.serviceTicket!;
          return row.status === 'CLOSED' ? row : undefined;
        },
        { what: 'the resolved ticket closing by itself', timeoutMs: 30_000 },
      );
      expect(autoClosed.history.at(-1)).toMatchObject({ from: 'RESOLVED', to: 'CLOSED', actor: 'system:aftersales' });
    } finally {
      delete process.env.TICKET_REOPEN_SECONDS;
    }

    const counts = await t.gql<{ serviceTicketCounts: { status: string; count: number }[] }>(
      '{ serviceTicketCounts { status count } }',
      undefined,
      t.tokens.customer,
    );
    const mine = await t.gql<{ myServiceTickets: { totalCount: number } }>('{ myServiceTickets(first: 1) { totalCount } }', undefined, t.tokens.customer);
    expect(counts.data!.serviceTicketCounts.reduce((n, c) => n + c.count, 0)).toBe(mine.data!.myServiceTickets.totalCount);
    expect(counts.data!.serviceTicketCounts.find((c) => c.status === 'CLOSED')!.count).toBeGreaterThanOrEqual(2);
  });

  it('a carrier exception opens one ticket (however often the event comes), assigned to the least-loaded DELIVERY agent', async () => {
    const order = await paidOrder(t, 'tk-carrier-1', [{ skuId: skus[1]!.id, quantity: 1 }]);
    await shipOrder(t, order.id);
    const shipped = await t.gql<{ order: { shipments: { trackingNumber: string }[] } }>(
      'query($id: ID!) { order(id: $id) { shipments { trackingNumber } } }',
      { id: order.id },
      t.tokens.admin,
    );
    const trackingNumber = shipped.data!.order.shipments[0]!.trackingNumber;
    const event = {
      eventId: `exc-${order.id}`,
      trackingNumber,
      status: 'EXCEPTION',
      occurredAt: new Date().toISOString(),
      description: '包裹破损，收件人拒收',
    };
    expect((await carrierCallback(t, event)).status).toBe(200);
    expect((await carrierCallback(t, event)).status).toBe(200);
    const found = await waitFor(
      async () => {
        const res = await t.gql<{ serviceTickets: { nodes: Ticket[] } }>(
          `query($o: ID!) { serviceTickets(first: 5, filter: { orderId: $o, category: DELIVERY }) { nodes { ${TICKET} } } }`,
          { o: order.id },
          t.tokens.admin,
        );
        return res.data?.serviceTickets.nodes.length ? res.data.serviceTickets.nodes : undefined;
      },
      { what: 'a ticket from the carrier exception' },
    );
    await t.graph.host!.bus!.relayNow();
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      source: 'SYSTEM',
      priority: 'HIGH',
      status: 'ASSIGNED',
      assigneeStaffId: csAgent,
      member: { id: demoMemberId(1) },
      shop: { id: t.shopA },
      messages: [{ author: 'SYSTEM', body: '包裹破损，收件人拒收', internal: false }],
    });
    // The customer sees it among their own tickets; the other shop does not.
    expect((await ticket(found[0]!.id, t.tokens.customer)).data!.serviceTicket!.id).toBe(found[0]!.id);
    expect((await ticket(found[0]!.id, t.tokens.merchantB)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('an escalated after-sale request lands in the platform queue as a ticket', async () => {
    const order = await paidOrder(t, 'tk-escalate-1', [{ skuId: skus[0]!.id, quantity: 1 }]);
    const filed = await fileRequest(t, { orderId: order.id, orderLineId: order.lines[0]!.id, type: 'REFUND_ONLY', quantity: 1, reasonCode: 'QUALITY' });
    const id = filed.data!.fileAfterSaleRequest.request!.id;
    await decide(t, 'reject', { id, reason: '无质量问题' }, t.tokens.merchantA);
    const escalated = await t.gql<{ escalateAfterSaleRequest: { userErrors: unknown[] } }>(
      'mutation($id: ID!) { escalateAfterSaleRequest(input: { id: $id, reason: "商家拒绝不合理" }) { userErrors { code } } }',
      { id },
      t.tokens.customer,
    );
    expect(escalated.data!.escalateAfterSaleRequest.userErrors).toEqual([]);
    const res = await t.gql<{ serviceTickets: { nodes: (Ticket & { afterSaleRequest: { id: string; status: string } })[] } }>(
      `query($o: ID!) { serviceTickets(first: 5, filter: { orderId: $o }) { nodes { ${TICKET} afterSaleRequest { id status } } } }`,
      { o: order.id },
      t.tokens.admin,
    );
    expect(res.data!.serviceTickets.nodes).toHaveLength(1);
    expect(res.data!.serviceTickets.nodes[0]).toMatchObject({
      category: 'AFTER_SALE',
      priority: 'HIGH',
      source: 'SYSTEM',
      afterSaleRequest: { id, status: 'ESCALATED' },
      messages: [{ body: '商家拒绝不合理' }],
    });
  });

  it('a breached first-response clock raises the priority once, with a system note only agents see', async () => {
    process.env.TICKET_FIRST_RESPONSE_SECONDS = '1';
    let id: string;
    try {
      id = (await open({ subject: 'Nobody answers', category: 'ORDER', body: '有人吗' })).data!.openServiceTicket.ticket!.id;
    } finally {
      delete process.env.TICKET_FIRST_RESPONSE_SECONDS;
    }
    await t.graph.host!.bus!.relayNow();
    const breached = await waitFor(
      async () => {
        const row = (await ticket(id)).data!.serviceTicket!;
        return row.firstResponseBreached ? row : undefined;
      },
      { what: 'the first-response SLA to breach', timeoutMs: 30_000 },
    );
    expect(breached.priority).toBe('HIGH');
    expect(breached.resolutionBreached).toBe(false);
    expect(breached.messages.at(-1)).toMatchObject({ author: 'SYSTEM', internal: true, body: 'No first answer by the SLA deadline: priority NORMAL -> HIGH' });
    const seenByCustomer = (await ticket(id, t.tokens.customer)).data!.serviceTicket!;
    expect(seenByCustomer.messages.map((m) => m.body)).toEqual(['有人吗']);
  });
});
