import { toPayload, type RequestContext } from '@zhongtai/kit';
import { sandboxAdvanceShipment } from '../carriers/sandbox.ts';
import { importCarrierBill, type ImportCarrierBillInput } from '../domain/carrierBills.ts';
import { createCarrier, updateCarrier, type CarrierInput } from '../domain/carriers.ts';
import { shipDropShipNotice, type ShipDropShipInput } from '../domain/dropShip.ts';
import { createTemplate, deleteTemplate, updateTemplate, type CreateTemplateInput, type UpdateTemplateInput } from '../domain/freightTemplates.ts';
import { retryNotice } from '../domain/notices.ts';
import { dispatchReplacement } from '../domain/replacement.ts';
import { redeemVoucher } from '../domain/vouchers.ts';
import { withdrawNoticeLine, type WithdrawNoticeLineInput } from '../domain/withdrawal.ts';
import type { MutationResolvers } from '../generated/resolvers.ts';

type Input<T> = { input: T };
type Ctx = RequestContext;

/** A carrier change's payload: the carrier, and the secret when one was issued. */
function carrierPayload(result: Awaited<ReturnType<typeof createCarrier>>) {
  if (!result.ok) return { carrier: null, callbackSecret: null, userErrors: result.errors };
  return { ...result.value, userErrors: [] };
}

export const Mutation: MutationResolvers = {
  createFreightTemplate: async (_: unknown, { input }: Input<CreateTemplateInput>, ctx: Ctx) => toPayload('freightTemplate', await createTemplate(ctx, input)),
  updateFreightTemplate: async (_: unknown, { input }: Input<UpdateTemplateInput>, ctx: Ctx) => toPayload('freightTemplate', await updateTemplate(ctx, input)),
  deleteFreightTemplate: async (_: unknown, { input }: Input<{ id: string }>, ctx: Ctx) => toPayload('deletedId', await deleteTemplate(ctx, input)),
  createCarrier: async (_: unknown, { input }: Input<CarrierInput>, ctx: Ctx) => carrierPayload(await createCarrier(ctx, input)),
  updateCarrier: async (_: unknown, { input }: Input<CarrierInput & { id: string }>, ctx: Ctx) => carrierPayload(await updateCarrier(ctx, input)),
  shipDropShipNotice: async (_: unknown, { input }: Input<ShipDropShipInput>, ctx: Ctx) => toPayload('shipment', await shipDropShipNotice(ctx, input)),
  retryShippingNotice: async (_: unknown, { input }: Input<{ id: string }>, ctx: Ctx) => toPayload('shippingNotice', await retryNotice(ctx, input)),
  redeemServiceVoucher: async (_: unknown, { input }: Input<{ code: string }>, ctx: Ctx) => toPayload('serviceVoucher', await redeemVoucher(ctx, input)),
  withdrawNoticeLine: async (_: unknown, { input }: Input<WithdrawNoticeLineInput>, ctx: Ctx) =>
    toPayload('shippingNotice', await withdrawNoticeLine(ctx, input)),
  dispatchReplacement: async (_: unknown, { input }: Input<Parameters<typeof dispatchReplacement>[1]>, ctx: Ctx) =>
    toPayload('shippingNotice', await dispatchReplacement(ctx, input)),
  importCarrierBill: async (_: unknown, { input }: Input<ImportCarrierBillInput>, ctx: Ctx) => toPayload('carrierBill', await importCarrierBill(ctx, input)),
  sandboxAdvanceShipment: async (_: unknown, args: { shipmentId: string }, ctx: Ctx) => toPayload('result', await sandboxAdvanceShipment(ctx, args)),
};
