import { serviceOperation } from '../serviceClient.ts';

/** The procurement center's internal API, as the order center calls it at checkout. */
export interface DropShipSource {
  skuId: string;
  supplierId: string;
}

export const SUPPLIER_ID_PREFIX = 'sup';

/**
 * 代发: which of these SKUs a supplier ships instead of a warehouse. Only active offers of
 * ACTIVE suppliers; SKUs without one are left out (they ship from a warehouse).
 */
export const dropShipSources = serviceOperation<{ skuIds: string[] }, { dropShipSources: DropShipSource[] }>(
  'procurement',
  /* GraphQL */ `
    query DropShipSources($skuIds: [ID!]!) {
      dropShipSources(skuIds: $skuIds) {
        skuId
        supplierId
      }
    }
  `,
);
