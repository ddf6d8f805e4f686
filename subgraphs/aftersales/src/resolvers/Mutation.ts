import { toPayload, type MoneyInput, type RequestContext } from '@zhongtai/kit';
import { setDeduction, submitReturnShipment } from '../domain/returns.ts';
import { approveRequest, cancelRequest, escalateRequest, rejectRequest } from '../domain/decisions.ts';
import { fileRequest, type FileRequestInput } from '../domain/requests.ts';
import type { MutationResolvers } from '../generated/resolvers.ts';

type Input<T> = { input: T };
type Decision = { id: string; reason?: string | null };

export const Mutation: MutationResolvers = {
  fileAfterSaleRequest: async (_: unknown, { input }: Input<FileRequestInput>, ctx: RequestContext) => toPayload('request', await fileRequest(ctx, input)),
  cancelAfterSaleRequest: async (_: unknown, { input }: Input<Decision>, ctx: RequestContext) => toPayload('request', await cancelRequest(ctx, input)),
  escalateAfterSaleRequest: async (_: unknown, { input }: Input<{ id: string; reason: string }>, ctx: RequestContext) =>
    toPayload('request', await escalateRequest(ctx, input)),
  approveAfterSaleRequest: async (_: unknown, { input }: Input<Decision>, ctx: RequestContext) => toPayload('request', await approveRequest(ctx, input)),
  submitAfterSaleReturnShipment: async (_: unknown, { input }: Input<{ id: string; carrierCode: string; trackingNumber: string }>, ctx: RequestContext) =>
    toPayload('request', await submitReturnShipment(ctx, input)),
  setAfterSaleDeduction: async (_: unknown, { input }: Input<{ id: string; amount: MoneyInput; reason: string }>, ctx: RequestContext) =>
    toPayload('request', await setDeduction(ctx, input)),
  rejectAfterSaleRequest: async (_: unknown, { input }: Input<{ id: string; reason: string }>, ctx: RequestContext) =>
    toPayload('request', await rejectRequest(ctx, input)),
};
