import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * Files whose subject is the graph's surface, not its database: authorization over every field,
 * input validation, the schema and its generated code, the explorer, the HTTP protocol, masking,
 * metrics, the demo data's shape, the benchmark's queries. CI's PostgreSQL leg skips them
 * (`SKIP_DATABASE_NEUTRAL=1` in `.ci/run`): there they would only repeat, for minutes, what the
 * PGlite leg already checked. Everything that writes concurrently, relays events or plans SQL
 * runs on both.
 */
const DATABASE_NEUTRAL = [
  'auth',
  'bad-input',
  'bench-scenarios',
  'codegen',
  'cross-tenant',
  'demo-orders',
  'explorer',
  'federation',
  'graphql-http-audit',
  'http-errors',
  'lint',
  'metrics',
  'privacy',
  'production',
  'schema',
].map((name) => `tests/${name}.test.ts`);

export default defineConfig({
  // graphql ships both ESM and CJS; the Apollo packages require() the CJS build, so our code must
  // load the same one or graphql refuses the other's types ("another module or realm").
  resolve: { alias: { graphql: 'graphql/index.js' } },
  test: {
    // Every operation of the suite runs compiled from its first run, as a warm graph runs them
    // (most test operations run once); the second-run threshold has its own test.
    env: { GRAPHQL_COMPILE_AT_RUN: '1' },
    // NODE_ENV: vitest sets `test` when unset (the config treats only development/test as not production).
    include: ['packages/*/test/**/*.test.ts', 'subgraphs/*/test/**/*.test.ts', 'gateway/test/**/*.test.ts', 'tests/**/*.test.ts'],
    exclude: ['**/node_modules/**', ...(process.env.SKIP_DATABASE_NEUTRAL === '1' ? DATABASE_NEUTRAL : [])],
    // PGlite boots a WASM PostgreSQL per file; cluster and browser tests start processes.
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // Vitest's default (cores - 1) runs one file at a time on the 2-core CI machines; a gateway test
    // file waits on its database as much as it computes, so two at once finish sooner (measured in
    // docs/TESTING.md). Each file still has its own database and process.
    maxWorkers: Math.max(2, availableParallelism()),
    minWorkers: 1,
    // Migrates and seeds the demo world once per run; each gateway test file copies it.
    globalSetup: ['tests/support/globalSetup.ts'],
    // CI also writes a JSON report, from which .ci/run prints its closing "N passed, N failed".
    reporters: process.env.VITEST_JSON ? ['default', 'json'] : ['default'],
    outputFile: process.env.VITEST_JSON ? { json: process.env.VITEST_JSON } : undefined,
  },
});
