import { SCOPED_BY_FIELDS } from '@zhongtai/kit';
import { reviewTenancy } from '../domain/tenancy.ts';

export const entityScopes = {
  Review: reviewTenancy,
  Spu: SCOPED_BY_FIELDS,
  Shop: SCOPED_BY_FIELDS,
};
