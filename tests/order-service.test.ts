import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoMemberId, demoShopId } from '@zhongtai/kit';
import { testMerchant, waitFor } from '@zhongtai/kit/testing';
import { startTestGraph, type TestGraph } from './support/graph.ts';
import { ADDRESS, buyableSkus, payCheckout, PLACE_ORDER, shipOrder, type BuyableSku } from './support/shopping.ts';

/** The back office's everyday work on an order: remarks (备注) and address changes (改地址). */
let t: TestGraph;
let cheap: BuyableSku;
/** The merchant of the shop selling `cheap`. */
let merchant: string;

type Placed = { placeOrder: { checkout: { paymentId: string }; orders: { id: string; freight: { amount: string } }[] } };
const place = async (key: string, token = t.tokens.customer) =>
  (await t.gql<Placed>(PLACE_ORDER, { input: { idempotencyKey: key, lines: [{ skuId: cheap.id, quantity: 1 }], address: ADDRESS } }, token)).data!.placeOrder;

const CHANGE = `mutation($input: ChangeOrderAddressInput!) { changeOrderAddress(input: $input) {
  order { address { city detail } addressChanges { previous { city } address { city } reason actor } } userErrors { field code message } } }`;
type Changed = {
  changeOrderAddress: {
    order: {
      address: { city: string; detail: string };
      addressChanges: { previous: { city: string }; address: { city: string }; reason: string | null; actor: string }[];
    } | null;
    userErrors: { field: string[]; code: string; message: string }[];
  };
};
const change = (orderId: string, address: Record<string, string>, token: string, reason?: string) =>
  t.gql<Changed>(CHANGE, { input: { orderId, address, reason } }, token);

beforeAll(async () => {
  t = await startTestGraph();
  // Under the shop's free-shipping threshold (99 CNY), so the address decides the freight.
  for (let shop = 1; !cheap && shop <= 10; shop++) {
    cheap = (await buyableSkus(t, demoShopId(shop), 1, 5, (s) => Number(s.price) < 99).catch(() => []))[0]!;
  }
  merchant = await t.graph.tokens.sign({ ...testMerchant(cheap.shopId), subject: 'merchant:cheap' });
});
afterAll(async () => {
  await t?.stop();
});

describe('remarks', () => {
  it('the shop and operators note on an order; the customer and other shops do not see or write them', async () => {
    const order = (await place('remark-1')).orders[0]!;
    const ADD =
      'mutation($id: ID!, $text: String!) { addOrderRemark(input: { orderId: $id, text: $text }) { remark { text actor } userErrors { field code } } }';
    const added = await t.gql<{ addOrderRemark: { remark: { text: string; actor: string } } }>(
      ADD,
      { id: order.id, text: '客户来电: 周末再送 deliver at the weekend' },
      merchant,
    );
    expect(added.data!.addOrderRemark.remark).toEqual({ text: '客户来电: 周末再送 deliver at the weekend', actor: 'merchant:cheap' });
    await t.gql(ADD, { id: order.id, text: 'checked by ops' }, t.tokens.admin);
    const empty = await t.gql<{ addOrderRemark: { userErrors: { field: string[]; code: string }[] } }>(ADD, { id: order.id, text: '  ' }, t.tokens.admin);
    expect(empty.data!.addOrderRemark.userErrors).toEqual([{ field: ['input', 'text'], code: 'REQUIRED' }]);
    const otherShop = await t.graph.tokens.sign({ ...testMerchant(demoShopId(cheap.shopId === demoShopId(1) ? 2 : 1)), subject: 'merchant:other' });
    expect((await t.gql(ADD, { id: order.id, text: 'not mine' }, otherShop)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const REMARKS = 'query($id: ID!) { order(id: $id) { remarks { text } } }';
    const seen = await t.gql<{ order: { remarks: { text: string }[] } }>(REMARKS, { id: order.id }, merchant);
    expect(seen.data!.order.remarks.map((r) => r.text)).toEqual(['客户来电: 周末再送 deliver at the weekend', 'checked by ops']);
    const asCustomer = await t.gql(REMARKS, { id: order.id }, t.tokens.customer);
    expect(asCustomer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('address changes', () => {
  it('before shipping, at the same freight: the notices follow; a dearer address or a shipped order is refused', async () => {
    // A regular member (no free shipping by level) buying under the free-shipping threshold pays freight.
    const regular = await t.graph.tokens.sign({ role: 'CUSTOMER', memberId: demoMemberId(2), subject: 'customer:regular' });
    const placed = await place('readdress-1', regular);
    const order = placed.orders[0]!;
    const nextDoor = { ...ADDRESS, city: '宁波市', district: '鄞州区', detail: '天童南路 1 号' };

    // The customer, unpaid: no reason needed.
    const own = await change(order.id, nextDoor, regular);
    expect(own.data!.changeOrderAddress.userErrors).toEqual([]);
    expect(own.data!.changeOrderAddress.order!.addressChanges).toEqual([
      { previous: { city: '杭州市' }, address: { city: '宁波市' }, reason: null, actor: expect.any(String) },
    ]);

    // Another shop may not; the shop's merchant must say why.
    const otherShop = await t.graph.tokens.sign({ ...testMerchant(demoShopId(cheap.shopId === demoShopId(1) ? 2 : 1)), subject: 'merchant:other' });
    expect((await change(order.id, ADDRESS, otherShop, 'x')).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const noReason = await change(order.id, ADDRESS, merchant);
    expect(noReason.data!.changeOrderAddress.userErrors.map((e) => e.code)).toEqual(['REQUIRED']);
    const badPhone = await change(order.id, { ...ADDRESS, phone: 'call me' }, regular);
    expect(badPhone.data!.changeOrderAddress.userErrors).toEqual([expect.objectContaining({ field: ['input', 'address', 'phone'], code: 'INVALID' })]);

    // A remote province costs more freight than was paid.
    expect(Number(order.freight.amount)).toBeGreaterThan(0);
    const remote = await change(order.id, { ...ADDRESS, province: '新疆', city: '乌鲁木齐市', district: '天山区' }, regular);
    expect(await change(order.id, nextDoor, t.tokens.customer)).toMatchObject({ errors: [{ extensions: { code: 'FORBIDDEN' } }] });
    expect(remote.data!.changeOrderAddress.userErrors.map((e) => e.code)).toEqual(['FREIGHT_CHANGED']);

    // Paid: fulfillment's notice goes to the latest address.
    await payCheckout(t, placed.checkout.paymentId, [order.id], regular);
    const moved = await change(order.id, { ...nextDoor, detail: '天童南路 2 号' }, merchant, '客户来电 the customer called');
    expect(moved.data!.changeOrderAddress.userErrors).toEqual([]);
    const noticeDetail = async () =>
      (
        await t.gql<{ order: { shippingNotices: { address: { detail: string } }[] } }>(
          'query($id: ID!) { order(id: $id) { shippingNotices { address { detail } } } }',
          { id: order.id },
          t.tokens.admin,
        )
      ).data?.order.shippingNotices[0]?.address.detail;
    await waitFor(async () => (await noticeDetail()) === '天童南路 2 号', { what: 'the notice re-addressed' });

    // Shipped: too late.
    await shipOrder(t, order.id);
    const late = await change(order.id, ADDRESS, t.tokens.admin, 'too late');
    expect(late.data!.changeOrderAddress.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_TRANSITION' })]);
  });
});
