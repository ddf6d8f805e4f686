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

/** A supplier as another center checks it (inventory, before taking a consignor's stock in). */
export interface SupplierStanding {
  id: string;
  shopId: string;
  status: 'ACTIVE' | 'SUSPENDED';
}

/** 代销: the supplier named as a consignor, or null when there is none with that id. */
export const supplierStanding = serviceOperation<{ id: string }, { supplierStanding: SupplierStanding | null }>(
  'procurement',
  /* GraphQL */ `
    query SupplierStanding($id: ID!) {
      supplierStanding(id: $id) {
        id
        shopId
        status
      }
    }
  `,
);
