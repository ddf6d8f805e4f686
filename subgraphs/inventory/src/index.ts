import { fileURLToPath } from 'node:url';
import { readSdl, type CenterDefinition } from '@zhongtai/kit';
import { outbox } from './db/tables.ts';
import { handlers, jobs } from './events.ts';
import { resolvers } from './resolvers/index.ts';
import { entityScopes } from './resolvers/scopes.ts';
import { seed } from './seed/demo.ts';

/** 库存 + WMS: warehouses, stock that is never oversold, reservations, inbound, outbound, stocktakes. */
export const inventoryCenter: CenterDefinition = {
  name: 'inventory',
  typeDefs: readSdl(new URL('./schema.graphql', import.meta.url)),
  resolvers,
  entityScopes,
  migrationsFolder: fileURLToPath(new URL('./db/migrations', import.meta.url)),
  outbox,
  handlers,
  jobs,
  seed,
};

/** Bulk loading of `pnpm seed --scale tiny|medium|large` into this center's tables (scripts/seed runs it). */
export { inventoryStage } from './seed/large.ts';
