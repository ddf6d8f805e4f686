import { defineConfig } from '@graphql-hive/gateway';
import { unifiedGraphHandler } from '@graphql-hive/router-runtime';
import { gatewayConfig as base } from './gateway.config.ts';

/**
 * Mode (e): Hive Gateway with the Rust query planner of Hive Router (a native addon from npm)
 * and its purpose-built executor, instead of the default JavaScript (stitching) runtime of (c).
 * Everything else as (c): the Authorization header forwarded, the subgraphs enforce auth.
 */
export const gatewayConfig = defineConfig({
  ...base,
  unifiedGraphHandler,
});
