import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: ['./src/db/tables.ts', './src/db/editTables.ts', './src/db/crossBorderTables.ts'],
  out: './src/db/migrations',
  schemaFilter: ['orders'],
});
