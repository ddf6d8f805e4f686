import { defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

/**
 * The tests Stryker runs against each mutant (`pnpm mutate`): the center-level tests of the
 * money, stock, points, coupon and time rules, not the gateway tests that start the whole graph.
 * MUTATE_TESTS (comma-separated globs) narrows it further, e.g. to one file's own tests.
 */
const DEFAULT_TESTS = [
  'packages/kit/test/allocation.test.ts',
  'packages/kit/test/money.test.ts',
  'subgraphs/payments/test/refunds.test.ts',
  'subgraphs/inventory/test/reservations.test.ts',
  'subgraphs/marketing/test/coupons.test.ts',
  'subgraphs/members/test/members.test.ts',
  'subgraphs/catalog/test/prices.test.ts',
  // The rules' own files on an injected clock, each the test file its score in docs/TESTING.md was measured with.
  'subgraphs/marketing/test/claims.test.ts',
  'subgraphs/catalog/test/priceSchedule.test.ts',
  'subgraphs/inventory/test/reserveStock.test.ts',
  'subgraphs/members/test/points.test.ts',
];

// Not mergeConfig: it would append this include to the base one (arrays are concatenated).
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: process.env.MUTATE_TESTS ? process.env.MUTATE_TESTS.split(',') : DEFAULT_TESTS,
    reporters: ['default'],
    outputFile: undefined,
  },
});
