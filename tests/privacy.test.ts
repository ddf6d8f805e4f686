import { demoMemberId } from '@zhongtai/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paidOrder } from './support/aftersales.ts';
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
});
