import { demoMemberId } from '@zhongtai/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileRequest, paidOrder } from './support/aftersales.ts';
import { startTestGraph, type TestGraph } from './support/graph.ts';
import { ADDRESS, buyableSkus, shipOrder } from './support/shopping.ts';

const ORDER = `query($id: ID!) { order(id: $id) { address { receiver phone province city district detail }
  shippingNotices { address { receiver phone detail } } } }`;
const MEMBER = `query($id: ID!) { member(id: $id) { name phone addresses { receiver phone province detail } } }`;

/** Personal data (@personalData in the SDL): analysts count customers without knowing them; everyone else sees what they may reach whole. */
describe('personal data masked for analysts, by the kit', () => {
  let t: TestGraph;
  let orderId: string;

  beforeAll(async () => {
    t = await startTestGraph();
    const [sku] = await buyableSkus(t, t.shopA, 1, 5);
    orderId = (await paidOrder(t, 'privacy-1', [{ skuId: sku!.id, quantity: 1 }])).id;
    await shipOrder(t, orderId);
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
  });

  it('an analyst sees an order’s receiver, phone and street masked, the region whole; the shop, operators and the buyer see it whole', async () => {
    const masked = { receiver: '王*', phone: '+86****0003', province: ADDRESS.province, city: ADDRESS.city, district: ADDRESS.district, detail: '****' };
    const asAnalyst = await t.gql<{ order: { address: typeof ADDRESS; shippingNotices: { address: Partial<typeof ADDRESS> }[] } }>(
      ORDER,
      { id: orderId },
      t.tokens.analyst,
    );
    expect(asAnalyst.errors).toBeUndefined();
    expect(asAnalyst.data!.order.address).toEqual(masked);
    expect(asAnalyst.data!.order.shippingNotices.length).toBeGreaterThan(0);
    for (const notice of asAnalyst.data!.order.shippingNotices) expect(notice.address).toEqual({ receiver: '王*', phone: '+86****0003', detail: '****' });

    for (const token of [t.tokens.admin, t.tokens.merchantA, t.tokens.customer]) {
      const whole = await t.gql<{ order: { address: typeof ADDRESS } }>(ORDER, { id: orderId }, token);
      expect(whole.data!.order.address).toEqual(ADDRESS);
    }
  });

  it('an analyst sees members’ names and phones masked, in lists and by id; an operator sees them whole', async () => {
    const member = demoMemberId(1);
    const whole = await t.gql<{ member: { name: string; phone: string; addresses: { receiver: string; phone: string; detail: string }[] } }>(
      MEMBER,
      { id: member },
      t.tokens.admin,
    );
    const { name, phone, addresses } = whole.data!.member;
    expect(addresses.length).toBeGreaterThan(0);
    const asAnalyst = await t.gql<typeof whole.data>(MEMBER, { id: member }, t.tokens.analyst);
    expect(asAnalyst.errors).toBeUndefined();
    expect(asAnalyst.data!.member.name).toBe(`${[...name][0]}${'*'.repeat([...name].length - 1)}`);
    expect(asAnalyst.data!.member.phone).toBe(`${phone.replace(/\s+/g, '').slice(0, 3)}****${phone.replace(/\s+/g, '').slice(-4)}`);
    for (const address of asAnalyst.data!.member.addresses) {
      expect(address.detail).toBe('****');
      expect(address.phone).toMatch(/^\S{3}\*{4}\d{4}$/);
    }
    const list = await t.gql<{ members: { nodes: { name: string; phone: string }[] } }>(
      '{ members(first: 20) { nodes { name phone } } }',
      undefined,
      t.tokens.analyst,
    );
    expect(list.data!.members.nodes.length).toBeGreaterThan(0);
    for (const m of list.data!.members.nodes) expect(m.phone).toMatch(/^.{3}\*{4}.{4}$|^\*{4}$/);
    expect(list.data!.members.nodes.map((m) => m.name)).not.toContain(name);
  });

  it('one field-level rule reaches every path: an after-sale request, a ticket, a shipment and an address show an analyst masked PII, an operator whole; cost price stays visible to analysts', async () => {
    const [sku] = await buyableSkus(t, t.shopA, 1, 5);
    const order = await paidOrder(t, `privacy-paths-${Date.now()}`, [{ skuId: sku!.id, quantity: 2 }]);
    await shipOrder(t, order.id);
    const filed = await fileRequest(t, { orderId: order.id, orderLineId: order.lines[0]!.id, type: 'REFUND_ONLY', quantity: 1, reasonCode: 'QUALITY' });
    expect(filed.data!.fileAfterSaleRequest.userErrors).toEqual([]);
    const requestId = filed.data!.fileAfterSaleRequest.request!.id;
    const opened = await t.gql<{ openServiceTicket: { ticket: { id: string } | null; userErrors: unknown[] } }>(
      'mutation($input: OpenServiceTicketInput!) { openServiceTicket(input: $input) { ticket { id } userErrors { code message } } }',
      { input: { subject: 'Where is my parcel?', category: 'ORDER', body: '还没到', orderId: order.id } },
      t.tokens.customer,
    );
    expect(opened.data!.openServiceTicket.userErrors).toEqual([]);
    const ticketId = opened.data!.openServiceTicket.ticket!.id;
    const shipments = await t.gql<{ order: { shipments: { id: string }[] } }>(
      'query($id: ID!) { order(id: $id) { shipments { id } } }',
      { id: order.id },
      t.tokens.admin,
    );
    const shipmentId = shipments.data!.order.shipments[0]!.id;

    const PERSON = 'name phone defaultAddress { receiver phone province detail }';
    const ADDR = 'receiver phone province city district detail';
    const PATHS = `query($request: ID!, $ticket: ID!, $shipment: ID!, $member: ID!, $sku: ID!) {
      afterSaleRequest(id: $request) { order { address { ${ADDR} } member { ${PERSON} } } }
      serviceTicket(id: $ticket) { member { ${PERSON} } order { address { ${ADDR} } } }
      shipment(id: $shipment) { order { address { ${ADDR} } } shippingNotice { address { receiver phone detail } } }
      member(id: $member) { ${PERSON} addresses { ${ADDR} } }
      sku(id: $sku) { costPrice { amount } }
    }`;
    const variables = { request: requestId, ticket: ticketId, shipment: shipmentId, member: demoMemberId(1), sku: sku!.id };
    type Person = { name: string; phone: string; defaultAddress: { receiver: string; phone: string; province: string; detail: string } | null };
    type Paths = {
      afterSaleRequest: { order: { address: typeof ADDRESS; member: Person } };
      serviceTicket: { member: Person; order: { address: typeof ADDRESS } } | null;
      shipment: { order: { address: typeof ADDRESS }; shippingNotice: { address: { receiver: string; phone: string; detail: string } } };
      member: Person & { addresses: (typeof ADDRESS)[] };
      sku: { costPrice: { amount: string } | null };
    };
    const admin = await t.gql<Paths>(PATHS, variables, t.tokens.admin);
    expect(admin.errors).toBeUndefined();
    const whole = admin.data!;
    expect(whole.afterSaleRequest.order.address).toEqual(ADDRESS);
    expect(whole.serviceTicket!.order.address).toEqual(ADDRESS);
    expect(whole.shipment.order.address).toEqual(ADDRESS);
    expect(whole.shipment.shippingNotice.address).toEqual({ receiver: ADDRESS.receiver, phone: ADDRESS.phone, detail: ADDRESS.detail });
    const person = whole.member;
    expect(person.name).not.toContain('*');
    expect(person.defaultAddress).not.toBeNull();
    expect(person.defaultAddress!.detail).not.toBe('****');
    expect(whole.afterSaleRequest.order.member).toEqual({ name: person.name, phone: person.phone, defaultAddress: person.defaultAddress });
    expect(whole.serviceTicket!.member).toEqual(whole.afterSaleRequest.order.member);
    expect(whole.sku.costPrice).not.toBeNull();

    const analyst = await t.gql<Paths>(PATHS, variables, t.tokens.analyst);
    const masked = { receiver: '王*', phone: '+86****0003', province: ADDRESS.province, city: ADDRESS.city, district: ADDRESS.district, detail: '****' };
    const maskedPerson: Person = {
      name: `${[...person.name][0]}${'*'.repeat([...person.name].length - 1)}`,
      phone: `${person.phone.replace(/\s+/g, '').slice(0, 3)}****${person.phone.replace(/\s+/g, '').slice(-4)}`,
      defaultAddress: {
        receiver: `${[...person.defaultAddress!.receiver][0]}${'*'.repeat(Math.max([...person.defaultAddress!.receiver].length - 1, 1))}`,
        phone: `${person.defaultAddress!.phone.replace(/\s+/g, '').slice(0, 3)}****${person.defaultAddress!.phone.replace(/\s+/g, '').slice(-4)}`,
        province: person.defaultAddress!.province,
        detail: '****',
      },
    };
    const seen = analyst.data!;
    expect(seen.afterSaleRequest.order).toEqual({ address: masked, member: maskedPerson });
    expect(seen.shipment.order.address).toEqual(masked);
    expect(seen.shipment.shippingNotice.address).toEqual({ receiver: '王*', phone: '+86****0003', detail: '****' });
    expect(seen.member.name).toBe(maskedPerson.name);
    expect(seen.member.defaultAddress).toEqual(maskedPerson.defaultAddress);
    expect(seen.member.addresses.length).toBeGreaterThan(0);
    expect(seen.member.addresses.map((a) => a.detail)).toEqual(seen.member.addresses.map(() => '****'));
    expect(seen.sku.costPrice).toEqual(whole.sku.costPrice);
    // Tickets are the service desk's (private: true): an analyst is refused one, and so never sees its member whole.
    expect(seen.serviceTicket).toBeNull();
    expect((analyst.errors ?? []).map((e) => [e.path?.[0], e.extensions?.code])).toEqual([['serviceTicket', 'FORBIDDEN']]);
  });
});
