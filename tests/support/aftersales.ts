import { waitFor } from '@zhongtai/kit/testing';
import type { GraphQLResponse, TestGraph } from './graph.ts';
import { ADDRESS, orderStatus, payCheckout, PLACE_ORDER, shipOrder } from './shopping.ts';

export interface PlacedOrder {
  id: string;
  lines: { id: string; sku: { id: string }; quantity: number; finalAmount: { amount: string } }[];
}

/** The demo customer buys `lines` in one shop and pays: a PAID order. */
export async function paidOrder(
  t: TestGraph,
  key: string,
  lines: { skuId: string; quantity: number }[],
  extra: Record<string, unknown> = {},
): Promise<PlacedOrder & { checkout: { pointsUsed: number; couponCode: string | null } }> {
  const res = await t.gql<{
    placeOrder: { checkout: { paymentId: string; pointsUsed: number; couponCode: string | null }; orders: PlacedOrder[]; userErrors: unknown[] };
  }>(PLACE_ORDER, { input: { idempotencyKey: key, lines, address: ADDRESS, ...extra } }, t.tokens.customer);
  if (res.errors || res.data!.placeOrder.userErrors.length) throw new Error(JSON.stringify(res.errors ?? res.data!.placeOrder.userErrors));
  const placed = res.data!.placeOrder;
  await payCheckout(
    t,
    placed.checkout.paymentId,
    placed.orders.map((o) => o.id),
  );
  return { ...placed.orders[0]!, checkout: placed.checkout };
}

/** Ships a paid order and lets the sandbox carrier deliver it: DELIVERED. */
export async function deliveredOrder(t: TestGraph, orderId: string): Promise<void> {
  await shipOrder(t, orderId);
  const { data } = await t.gql<{ order: { shipments: { id: string }[] } }>(
    'query($id: ID!) { order(id: $id) { shipments { id } } }',
    { id: orderId },
    t.tokens.admin,
  );
  for (const shipment of data!.order.shipments) {
    for (let step = 0; step < 6; step++) {
      const res = await t.gql<{ sandboxAdvanceShipment: { result: { status: string } | null } }>(
        'mutation($id: ID!) { sandboxAdvanceShipment(shipmentId: $id) { result { status } userErrors { code } } }',
        { id: shipment.id },
        t.tokens.admin,
      );
      if (res.data?.sandboxAdvanceShipment.result?.status === 'DELIVERED') break;
    }
  }
  await waitFor(async () => (await orderStatus(t, orderId)) === 'DELIVERED', { what: `order ${orderId} delivered` });
}

export const REQUEST_FIELDS = 'id status type quantity refundAmount { amount currencyCode } autoApproveAt refundId failure history { from to reason actor }';

export type Request = {
  id: string;
  status: string;
  type: string;
  quantity: number;
  refundAmount: { amount: string };
  autoApproveAt: string | null;
  refundId: string | null;
  failure: string | null;
  history: { from: string | null; to: string; reason: string | null; actor: string }[];
};
type Payload = { request: Request | null; userErrors: { field: string[] | null; code: string; message: string }[] };

export async function fileRequest(
  t: TestGraph,
  input: Record<string, unknown>,
  token = t.tokens.customer,
): Promise<GraphQLResponse<{ fileAfterSaleRequest: Payload }>> {
  return t.gql<{ fileAfterSaleRequest: Payload }>(
    `mutation($input: FileAfterSaleRequestInput!) { fileAfterSaleRequest(input: $input) { request { ${REQUEST_FIELDS} } userErrors { field code message } } }`,
    { input: { reasonCode: 'NO_REASON', ...input } },
    token,
  );
}

/** approve / reject / escalate / cancel: `mutation { <name>AfterSaleRequest(input) }`. */
export async function decide(
  t: TestGraph,
  verb: 'approve' | 'reject' | 'escalate' | 'cancel',
  input: Record<string, unknown>,
  token: string,
): Promise<GraphQLResponse<{ result: Payload }>> {
  const inputType = {
    approve: 'DecideAfterSaleRequestInput',
    reject: 'RejectAfterSaleRequestInput',
    escalate: 'EscalateAfterSaleRequestInput',
    cancel: 'CancelAfterSaleRequestInput',
  }[verb];
  return t.gql<{ result: Payload }>(
    `mutation($input: ${inputType}!) { result: ${verb}AfterSaleRequest(input: $input) { request { ${REQUEST_FIELDS} } userErrors { field code message } } }`,
    { input },
    token,
  );
}

export async function requestById(t: TestGraph, id: string, token = t.tokens.admin): Promise<Request> {
  const res = await t.gql<{ afterSaleRequest: Request }>(`query($id: ID!) { afterSaleRequest(id: $id) { ${REQUEST_FIELDS} } }`, { id }, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.afterSaleRequest;
}

export interface Dispatch {
  notices: { id: string; status: string; lines: { orderLineId: string; quantity: number }[] }[];
  outbound: { id: string; status: string; lines: { skuId: string; quantity: number }[] }[];
}

/** The order's shipping notices and the warehouse's outbound orders, as an operator sees them. */
export async function dispatchOf(t: TestGraph, orderId: string): Promise<Dispatch> {
  const res = await t.gql<{ order: { shippingNotices: Dispatch['notices'] }; outboundOrders: { nodes: Dispatch['outbound'] } }>(
    'query($id: ID!) { order(id: $id) { shippingNotices { id status lines { orderLineId quantity } } } outboundOrders(first: 10, filter: { orderId: $id }) { nodes { id status lines { skuId quantity } } } }',
    { id: orderId },
    t.tokens.admin,
  );
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return { notices: res.data!.order.shippingNotices, outbound: res.data!.outboundOrders.nodes };
}

/** Waits until the paid order has its warehouse outbound order. */
export async function outboundReady(t: TestGraph, orderId: string): Promise<Dispatch> {
  return waitFor(
    async () => {
      const d = await dispatchOf(t, orderId);
      return d.outbound.length > 0 ? d : undefined;
    },
    { what: `an outbound order for ${orderId}` },
  );
}

/** Waits for a request to reach one of `statuses`. */
export async function settled(t: TestGraph, id: string, statuses = ['REFUNDED', 'FAILED', 'EXCHANGED']): Promise<Request> {
  return waitFor(
    async () => {
      const r = await requestById(t, id);
      return statuses.includes(r.status) ? r : undefined;
    },
    { what: `after-sale ${id} carried out`, timeoutMs: 30_000 },
  );
}

export interface LineState {
  id: string;
  quantity: number;
  shippedQuantity: number;
  refundedQuantity: number;
  returnedQuantity: number;
  refunded: { amount: string };
  finalAmount: { amount: string };
}

export async function orderState(t: TestGraph, orderId: string): Promise<{ status: string; refunded: { amount: string }; lines: LineState[] }> {
  const res = await t.gql<{ order: { status: string; refunded: { amount: string }; lines: LineState[] } }>(
    'query($id: ID!) { order(id: $id) { status refunded { amount } lines { id quantity shippedQuantity refundedQuantity returnedQuantity refunded { amount } finalAmount { amount } } } }',
    { id: orderId },
    t.tokens.admin,
  );
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.order;
}
