import { SCOPED_BY_FIELDS, type EntityScope } from '@zhongtai/kit';
import type { StockLevelRow, WarehouseRow } from '../db/tables.ts';

export const entityScopes = {
  // A null shop is a platform warehouse: platform roles only.
  Warehouse: { shop: (w) => w.shopId } satisfies EntityScope<WarehouseRow>,
  StockLevel: { shop: (l) => l.shopId } satisfies EntityScope<StockLevelRow>,
  Shop: SCOPED_BY_FIELDS,
  Sku: SCOPED_BY_FIELDS,
};
