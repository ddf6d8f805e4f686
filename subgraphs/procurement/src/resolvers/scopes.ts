import { SCOPED_BY_FIELDS, type EntityScope } from '@zhongtai/kit';
import type { SupplierRow } from '../db/tables.ts';

export const entityScopes = {
  // Suppliers and their prices are the shop's business, kept even from analysts.
  Supplier: { shop: (s) => s.shopId, access: 'private' } satisfies EntityScope<SupplierRow>,
  Sku: SCOPED_BY_FIELDS,
};
