import { fileURLToPath } from 'node:url';
import { readSdl, type CenterDefinition } from '@zhongtai/kit';
import { outbox, processedEvents } from './db/tables.ts';
import { handlers, jobs } from './events.ts';
import { resolvers } from './resolvers/index.ts';
import { entityScopes } from './resolvers/scopes.ts';
import { seed } from './seed/demo.ts';

/** 店铺管理 shop management: shops and their staff, the tenancy root; platform staff and the audit log. */
export const shopsCenter: CenterDefinition = {
  name: 'shops',
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

/** Bulk loading of `pnpm seed --scale tiny|medium|large` into this center's tables (scripts/seed runs it). */
export { shopsStage } from './seed/large.ts';
