import { SCOPED_BY_FIELDS } from '@zhongtai/kit';
import { supplierTenancy } from '../domain/tenancy.ts';

export const entityScopes = { Supplier: supplierTenancy, Sku: SCOPED_BY_FIELDS };
