import type { TestGraph } from './graph.ts';
import { deliveredOrder } from './aftersales.ts';
import { ADDRESS, payCheckout, PLACE_ORDER } from './shopping.ts';

export interface CompletedOrder {
  id: string;
  shopId: string;
  lines: { id: string; skuId: string }[];
}

/** The demo customer buys one unit of each SKU (one order per shop), pays, and the orders are PAID. */
export async function paidOrders(t: TestGraph, key: string, skuIds: string[], token = t.tokens.customer): Promise<CompletedOrder[]> {
  const res = await t.gql<{
    placeOrder: {
      checkout: { paymentId: string };
      orders: { id: string; shop: { id: string }; lines: { id: string; sku: { id: string } }[] }[];
      userErrors: unknown[];
    };
  }>(PLACE_ORDER, { input: { idempotencyKey: key, address: ADDRESS, lines: skuIds.map((skuId) => ({ skuId, quantity: 1 })) } }, token);
  if (res.errors || res.data!.placeOrder.userErrors.length) throw new Error(JSON.stringify(res.errors ?? res.data!.placeOrder.userErrors));
  const placed = res.data!.placeOrder;
  await payCheckout(
    t,
    placed.checkout.paymentId,
    placed.orders.map((o) => o.id),
    token,
  );
  return placed.orders.map((o) => ({ id: o.id, shopId: o.shop.id, lines: o.lines.map((l) => ({ id: l.id, skuId: l.sku.id })) }));
}

/** Paid orders taken through shipping and delivery, and the customer confirms receipt: COMPLETED. */
export async function completedOrders(t: TestGraph, key: string, skuIds: string[], token = t.tokens.customer): Promise<CompletedOrder[]> {
  const orders = await paidOrders(t, key, skuIds, token);
  for (const order of orders) {
    await deliveredOrder(t, order.id);
    const res = await t.gql<{ confirmReceipt: { order: { status: string } | null; userErrors: unknown[] } }>(
      'mutation($id: ID!) { confirmReceipt(input: { orderId: $id }) { order { status } userErrors { code message } } }',
      { id: order.id },
      token,
    );
    if (res.data?.confirmReceipt.order?.status !== 'COMPLETED') throw new Error(`order ${order.id} not completed: ${JSON.stringify(res)}`);
  }
  return orders;
}

export const REVIEW_FIELDS =
  'id status rating text imageUrls reviewerName anonymous statusReason helpfulCount followUp { text status } reply { text status } spu { id } sku { id }';

export interface Review {
  id: string;
  status: string;
  rating: number;
  text: string;
  imageUrls: string[];
  reviewerName: string;
  anonymous: boolean;
  statusReason: string | null;
  helpfulCount: number;
  followUp: { text: string; status: string } | null;
  reply: { text: string; status: string } | null;
  spu: { id: string };
  sku: { id: string };
}

export type ReviewPayload = { review: Review | null; userErrors: { field: string[] | null; code: string; message: string }[] };

/** `mutation { <name>(input) { review userErrors } }` for every review mutation with a ReviewPayload. */
export async function reviewMutation(t: TestGraph, name: string, inputType: string, input: Record<string, unknown>, token: string) {
  return t.gql<{ result: ReviewPayload }>(
    `mutation($input: ${inputType}!) { result: ${name}(input: $input) { review { ${REVIEW_FIELDS} } userErrors { field code message } } }`,
    { input },
    token,
  );
}

export function createReview(t: TestGraph, input: Record<string, unknown>, token = t.tokens.customer) {
  return reviewMutation(t, 'createReview', 'CreateReviewInput', input, token);
}

export interface Rating {
  average: number | null;
  count: number;
  distribution: number[];
}

/** The storefront's view of a product: its rating and first published reviews. */
export async function productPage(t: TestGraph, spuId: string, args = 'first: 20', token = t.tokens.customer) {
  const res = await t.gql<{ product: { rating: Rating; reviews: { totalCount: number; nodes: Review[] } } }>(
    `query($id: ID!) { product(id: $id) { rating { average count distribution } reviews(${args}) { totalCount nodes { ${REVIEW_FIELDS} } } } }`,
    { id: spuId },
    token,
  );
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.product;
}
