import { SCOPED_BY_FIELDS } from '@zhongtai/kit';
import { purchaseOrderTenancy, suggestionTenancy, supplierTenancy } from '../domain/tenancy.ts';

export const entityScopes = {
  Supplier: supplierTenancy,
  ReplenishmentSuggestion: suggestionTenancy,
  PurchaseOrder: purchaseOrderTenancy,
  Sku: SCOPED_BY_FIELDS,
};
