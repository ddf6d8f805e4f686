import type { TestGraph } from './graph.ts';

/** A SKU a customer can buy now: on sale, physical, with stock in some warehouse. */
export interface BuyableSku {
  id: string;
  shopId: string;
  price: string;
  available: number;
}

export async function buyableSkus(t: TestGraph, shopId: string, count: number, minAvailable = 3): Promise<BuyableSku[]> {
  const res = await t.gql<{ skus: { nodes: { id: string; price: { amount: string }; status: string; spu: { status: string; productType: string }; stock: { available: number | null } | null }[] } }>(
    `query($shop: ID!) { skus(first: 100, filter: { shopId: $shop }) { nodes { id status price { amount } spu { status productType } stock { available } } } }`,
    { shop: shopId },
    t.tokens.admin,
  );
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  const found = res.data!.skus.nodes
    .filter((s) => s.status === 'ACTIVE' && s.spu.status === 'ON_SALE' && s.spu.productType === 'PHYSICAL' && (s.stock?.available ?? 0) >= minAvailable)
    .slice(0, count)
    .map((s) => ({ id: s.id, shopId, price: s.price.amount, available: s.stock!.available! }));
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
