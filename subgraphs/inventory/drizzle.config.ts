import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: ['./src/db/tables.ts', './src/db/wmsTables.ts', './src/db/consignmentTables.ts'],
  out: './src/db/migrations',
  schemaFilter: ['inventory'],
});
