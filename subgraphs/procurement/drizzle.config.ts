import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: ['./src/db/tables.ts', './src/db/purchaseTables.ts', './src/db/consignmentTables.ts'],
  out: './src/db/migrations',
  schemaFilter: ['procurement'],
});
