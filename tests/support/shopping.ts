import { waitFor } from '@zhongtai/kit/testing';
import type { TestGraph } from './graph.ts';

/** A SKU a customer can buy now: on sale, physical, with stock in some warehouse. */
export interface BuyableSku {
  id: string;
  shopId: string;
  price: string;
  available: number;
}

export async function buyableSkus(
  t: TestGraph,
  shopId: string,
  count: number,
  minAvailable = 3,
  also: (sku: BuyableSku) => boolean = () => true,
): Promise<BuyableSku[]> {
  const res = await t.gql<{
    skus: {
      nodes: {
        id: string;
        price: { amount: string };
        status: string;
        spu: { status: string; productType: string };
        stock: { available: number | null } | null;
      }[];
    };
  }>(
    `query($shop: ID!) { skus(first: 100, filter: { shopId: $shop }) { nodes { id status price { amount } spu { status productType } stock { available } } } }`,
    { shop: shopId },
    t.tokens.admin,
  );
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  const found = res
    .data!.skus.nodes.filter(
      (s) => s.status === 'ACTIVE' && s.spu.status === 'ON_SALE' && s.spu.productType === 'PHYSICAL' && (s.stock?.available ?? 0) >= minAvailable,
    )
    .map((s) => ({ id: s.id, shopId, price: s.price.amount, available: s.stock!.available! }))
    .filter(also)
    .slice(0, count);
  if (found.length < count) throw new Error(`shop ${shopId} has only ${found.length} buyable SKUs with stock`);
  return found;
}

export const ADDRESS = { receiver: '王芳', phone: '+86 137 0000 0003', province: '浙江省', city: '杭州市', district: '西湖区', detail: '文三路 100 号 3 幢' };

export const PLACE_ORDER = `mutation($input: PlaceOrderInput!) {
  placeOrder(input: $input) {
    checkout { id paymentId payable { amount currencyCode } pointsUsed couponCode }
    orders { id status shop { id } payable { amount } freight { amount } lines { id sku { id } quantity finalAmount { amount } discounts { source amount { amount } } warehouseId } }
    userErrors { field code message }
  }
}`;

export async function availableOf(t: TestGraph, skuId: string): Promise<number> {
  const res = await t.gql<{ sku: { stock: { available: number } } }>('query($id: ID!) { sku(id: $id) { stock { available } } }', { id: skuId }, t.tokens.admin);
  return res.data!.sku.stock.available;
}

export async function orderStatus(t: TestGraph, orderId: string): Promise<string> {
  const res = await t.gql<{ order: { status: string } }>('query($id: ID!) { order(id: $id) { status } }', { id: orderId }, t.tokens.admin);
  return res.data!.order.status;
}

export const CUSTOMER_ORDERS = `{ myOrders(first: 50) { nodes { id status } } }`;

/** Takes a paid order through the warehouse: outbound order picked, packed and shipped with the sandbox carrier. */
export async function shipOrder(t: TestGraph, orderId: string): Promise<void> {
  const outbound = await waitFor(
    async () => {
      const res = await t.gql<{ outboundOrders: { nodes: { id: string }[] } }>(
        'query($o: ID!) { outboundOrders(first: 5, filter: { orderId: $o }) { nodes { id } } }',
        { o: orderId },
        t.tokens.admin,
      );
      return res.data?.outboundOrders.nodes[0];
    },
    { what: `an outbound order for ${orderId}` },
  );
  for (const step of ['pickOutboundOrder', 'packOutboundOrder']) {
    await t.gql(`mutation($id: ID!) { ${step}(input: { id: $id }) { userErrors { code message } } }`, { id: outbound.id }, t.tokens.admin);
  }
  const shipped = await t.gql<{ shipOutboundOrder: { userErrors: unknown[] } }>(
    'mutation($id: ID!, $no: String!) { shipOutboundOrder(input: { id: $id, carrierCode: "SANDBOX", trackingNumber: $no }) { userErrors { code message } } }',
    { id: outbound.id, no: `SB${orderId.slice(-10)}` },
    t.tokens.admin,
  );
  if (shipped.data?.shipOutboundOrder.userErrors.length) throw new Error(JSON.stringify(shipped.data.shipOutboundOrder.userErrors));
  await waitFor(async () => (await orderStatus(t, orderId)) === 'SHIPPED', { what: `order ${orderId} shipped` });
}

/** The customer pays a checkout in the sandbox and its orders become PAID. */
export async function payCheckout(t: TestGraph, paymentId: string, orderIds: string[], customer = t.tokens.customer): Promise<void> {
  const res = await t.gql('mutation($id: ID!) { sandboxPay(input: { paymentId: $id }) { userErrors { code message } } }', { id: paymentId }, customer);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  for (const id of orderIds) await waitFor(async () => (await orderStatus(t, id)) === 'PAID', { what: `order ${id} paid` });
}

/** An operator issues a platform coupon (满 10 减 5) and the customer claims it; returns its code. */
export async function claimPlatformCoupon(t: TestGraph): Promise<string> {
  const now = Date.now();
  const template = await t.gql<{ createCouponTemplate: { couponTemplate: { id: string }; userErrors: unknown[] } }>(
    `mutation($input: CreateCouponTemplateInput!) { createCouponTemplate(input: $input) { couponTemplate { id } userErrors { field code message } } }`,
    {
      input: {
        name: `全场满 10 减 5 test coupon ${now}`,
        kind: 'THRESHOLD',
        amountOff: { amount: '5.00', currencyCode: 'CNY' },
        minSpend: { amount: '10.00', currencyCode: 'CNY' },
        scope: 'PLATFORM',
        claimableFrom: new Date(now - 60_000).toISOString(),
        claimableUntil: new Date(now + 86_400_000).toISOString(),
        validDays: 7,
        totalQuantity: 10,
      },
    },
    t.tokens.admin,
  );
  if (template.data?.createCouponTemplate.userErrors.length) throw new Error(JSON.stringify(template.data.createCouponTemplate.userErrors));
  const claim = await t.gql<{ claimCoupon: { coupon: { code: string } } }>(
    'mutation($id: ID!) { claimCoupon(input: { templateId: $id }) { coupon { code } userErrors { field code message } } }',
    { id: template.data!.createCouponTemplate.couponTemplate.id },
    t.tokens.customer,
  );
  return claim.data!.claimCoupon.coupon.code;
}
