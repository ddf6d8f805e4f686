import { toPayload, type RequestContext } from '@zhongtai/kit';
import { cancelOrder } from '../domain/cancellation.ts';
import type { PlaceOrderInput } from '../domain/checkoutInput.ts';
import { confirmReceipt } from '../domain/completion.ts';
import { placeOrder } from '../domain/placeOrder.ts';

type Input<T> = { input: T };

export const Mutation = {
  placeOrder: async (_: unknown, { input }: Input<PlaceOrderInput>, ctx: RequestContext) => {
    const result = await placeOrder(ctx, input);
    return result.ok ? { checkout: result.value.checkout, orders: result.value.orders, userErrors: [] } : { checkout: null, orders: null, userErrors: result.errors };
  },
  cancelOrder: async (_: unknown, { input }: Input<{ orderId: string; reason?: string | null }>, ctx: RequestContext) => toPayload('order', await cancelOrder(ctx, input)),
  confirmReceipt: async (_: unknown, { input }: Input<{ orderId: string }>, ctx: RequestContext) => toPayload('order', await confirmReceipt(ctx, input)),
};
