import { SCOPED_BY_FIELDS } from '@zhongtai/kit';
import { stockLevelTenancy, warehouseTenancy } from '../domain/tenancy.ts';

export const entityScopes = {
  Warehouse: warehouseTenancy,
  StockLevel: stockLevelTenancy,
  Shop: SCOPED_BY_FIELDS,
  Sku: SCOPED_BY_FIELDS,
};
