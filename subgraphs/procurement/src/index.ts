import { defineCenter } from '@zhongtai/kit';
import { outbox } from './db/tables.ts';
import { handlers, jobs } from './events.ts';
import { resolvers } from './resolvers/index.ts';
import { entityScopes } from './resolvers/scopes.ts';
import { seed } from './seed/demo.ts';

/** 采购中心 procurement: a shop's suppliers and the SKUs they ship for it (代发). */
export const procurementCenter = defineCenter(import.meta.url, { name: 'procurement', resolvers, entityScopes, outbox, handlers, jobs, seed });
