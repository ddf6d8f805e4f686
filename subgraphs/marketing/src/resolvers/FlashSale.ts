import type { FlashSaleRow } from '../db/tables.ts';
import type { FlashSaleResolvers } from '../generated/resolvers.ts';
import { money, campaign } from './refs.ts';

export const FlashSale: FlashSaleResolvers = {
  shop: (f: FlashSaleRow) => ({ __typename: 'Shop', id: f.shopId }),
  sku: (f: FlashSaleRow) => ({ __typename: 'Sku', id: f.skuId }),
  campaign,
  price: (f: FlashSaleRow) => money(f.price, f.currency),
};
