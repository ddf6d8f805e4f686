import { fileURLToPath } from 'node:url';
import { readSdl, type CenterDefinition } from '@zhongtai/kit';
import { outbox, processedEvents } from './db/tables.ts';
import { handlers, jobs } from './events.ts';
import { resolvers } from './resolvers/index.ts';
import { entityScopes } from './resolvers/scopes.ts';
import { seed } from './seed/demo.ts';

/** 营销中心 marketing: coupons, promotions, flash sales, campaigns and the price calculation. */
export const marketingCenter: CenterDefinition = {
  name: 'marketing',
  typeDefs: readSdl(new URL('./schema.graphql', import.meta.url)),
  resolvers,
  entityScopes,
  migrationsFolder: fileURLToPath(new URL('./db/migrations', import.meta.url)),
  outbox,
  inbox: processedEvents,
  handlers,
  jobs,
  seed,
};
