import type { RequestContext } from '@zhongtai/kit';
import type { ServiceVoucherRow } from '../db/tables.ts';
import { refundableAt } from '../domain/voucherTerms.ts';
import type { ServiceVoucherResolvers } from '../generated/resolvers.ts';
import { skuRef } from './refs.ts';

export const ServiceVoucher: ServiceVoucherResolvers = {
  sku: (row: ServiceVoucherRow) => skuRef(row),
  refundable: (row: ServiceVoucherRow, _: unknown, ctx: RequestContext) => refundableAt(row, ctx.now()),
};
