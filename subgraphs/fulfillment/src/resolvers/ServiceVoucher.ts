import type { ServiceVoucherRow } from '../db/tables.ts';
import type { ServiceVoucherResolvers } from '../generated/resolvers.ts';
import { skuRef } from './refs.ts';

export const ServiceVoucher: ServiceVoucherResolvers = { sku: (row: ServiceVoucherRow) => skuRef(row) };
