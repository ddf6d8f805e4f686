import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: ['./src/db/tables.ts', './src/db/shipmentTables.ts', './src/db/carrierTables.ts'],
  out: './src/db/migrations',
  schemaFilter: ['fulfillment'],
});
