import { type RequestContext } from '@zhongtai/kit';
import { loadCarrier } from '../domain/carriers.ts';
import type { CarrierResolvers } from '../generated/resolvers.ts';

export const Carrier: CarrierResolvers = {
  __resolveReference: (ref: { id: string }, ctx: RequestContext) => loadCarrier(ctx, ref.id),
};
