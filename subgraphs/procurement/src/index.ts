import { fileURLToPath } from 'node:url';
import { readSdl, type CenterDefinition } from '@zhongtai/kit';
import { outbox } from './db/tables.ts';
import { handlers, jobs } from './events.ts';
import { resolvers } from './resolvers/index.ts';
import { entityScopes } from './resolvers/scopes.ts';
import { seed } from './seed/demo.ts';

/** 采购中心 procurement: a shop's suppliers and the SKUs they ship for it (代发). */
export const procurementCenter: CenterDefinition = {
  name: 'procurement',
  typeDefs: readSdl(new URL('./schema.graphql', import.meta.url)),
  resolvers,
  entityScopes,
  migrationsFolder: fileURLToPath(new URL('./db/migrations', import.meta.url)),
  outbox,
  handlers,
  jobs,
  seed,
};
