import { toPayload, type DeliveryAddress, type RequestContext } from '@zhongtai/kit';
import { changeOrderAddress } from '../domain/addressChange.ts';
import { cancelOrder } from '../domain/cancellation.ts';
import { cancelHeldOrder, releaseHeldOrder } from '../domain/riskHold.ts';
import type { PlaceOrderInput } from '../domain/checkoutInput.ts';
import { confirmReceipt } from '../domain/completion.ts';
import { refundOrder, type RefundOrderInput } from '../domain/orderRefund.ts';
import { refundAfterSale, type RefundAfterSaleInput } from '../domain/afterSaleRefund.ts';
import { addOrderRemark } from '../domain/orderRemarks.ts';
import { placeOrder } from '../domain/placeOrder.ts';
import { placeOrderForMember, type PlaceOrderForMemberInput } from '../domain/staffOrders.ts';
import { editOrder } from '../domain/edits/editOrder.ts';
import type { EditOrderInput } from '../domain/edits/input.ts';
import { createPresalePlan, type CreatePresalePlanInput } from '../domain/presale.ts';
import { sandboxDecideCustoms } from '../domain/customs/sandbox.ts';
import type { CustomsOutcome } from '../domain/customs/adapter.ts';
import type { MutationResolvers } from '../generated/resolvers.ts';

type Input<T> = { input: T };

export const Mutation: MutationResolvers = {
  placeOrder: async (_: unknown, { input }: Input<PlaceOrderInput>, ctx: RequestContext) => {
    const result = await placeOrder(ctx, input);
    return result.ok
      ? { checkout: result.value.checkout, orders: result.value.orders, userErrors: [] }
      : { checkout: null, orders: null, userErrors: result.errors };
  },
  placeOrderForMember: async (_: unknown, { input }: Input<PlaceOrderForMemberInput>, ctx: RequestContext) => {
    const result = await placeOrderForMember(ctx, input);
    return result.ok
      ? { checkout: result.value.checkout, orders: result.value.orders, userErrors: [] }
      : { checkout: null, orders: null, userErrors: result.errors };
  },
  editOrder: async (_: unknown, { input }: Input<EditOrderInput>, ctx: RequestContext) => {
    const result = await editOrder(ctx, input);
    return result.ok ? { ...result.value, userErrors: [] } : { order: null, checkout: null, userErrors: result.errors };
  },
  releaseHeldOrder: async (_: unknown, { input }: Input<{ orderId: string; reason: string }>, ctx: RequestContext) =>
    toPayload('order', await releaseHeldOrder(ctx, input)),
  cancelHeldOrder: async (_: unknown, { input }: Input<{ orderId: string; reason: string }>, ctx: RequestContext) =>
    toPayload('order', await cancelHeldOrder(ctx, input)),
  cancelOrder: async (_: unknown, { input }: Input<{ orderId: string; reason?: string | null }>, ctx: RequestContext) =>
    toPayload('order', await cancelOrder(ctx, input)),
  sandboxDecideCustoms: async (_: unknown, { input }: Input<{ orderId: string; outcome: CustomsOutcome; reason?: string | null }>, ctx: RequestContext) =>
    toPayload('order', await sandboxDecideCustoms(ctx, input)),
  addOrderRemark: async (_: unknown, { input }: Input<{ orderId: string; text: string }>, ctx: RequestContext) => {
    const result = await addOrderRemark(ctx, input);
    return result.ok ? { ...result.value, userErrors: [] } : { order: null, remark: null, userErrors: result.errors };
  },
  changeOrderAddress: async (_: unknown, { input }: Input<{ orderId: string; address: DeliveryAddress; reason?: string | null }>, ctx: RequestContext) =>
    toPayload('order', await changeOrderAddress(ctx, input)),
  refundOrder: async (_: unknown, { input }: Input<RefundOrderInput>, ctx: RequestContext) => {
    const result = await refundOrder(ctx, input);
    return result.ok ? { ...result.value, userErrors: [] } : { refundId: null, status: null, userErrors: result.errors };
  },
  refundAfterSale: async (_: unknown, { input }: Input<RefundAfterSaleInput>, ctx: RequestContext) => {
    const result = await refundAfterSale(ctx, input);
    return result.ok ? { ...result.value, userErrors: [] } : { refundId: null, status: null, userErrors: result.errors };
  },
  createPresalePlan: async (_: unknown, { input }: Input<CreatePresalePlanInput>, ctx: RequestContext) =>
    toPayload('presalePlan', await createPresalePlan(ctx, input)),
  confirmReceipt: async (_: unknown, { input }: Input<{ orderId: string }>, ctx: RequestContext) => toPayload('order', await confirmReceipt(ctx, input)),
};
