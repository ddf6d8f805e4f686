import { defineConfig } from '@graphql-hive/gateway';

/**
 * Hive Gateway as the "other Federation 2 gateway" of the benchmark. Our subgraphs verify the
 * caller's JWT themselves and enforce @authenticated / @requiresScopes, so the gateway only has
 * to forward the Authorization header (Hive forwards no client header by default). Without its
 * genericAuth plugin Hive does not act on those directives, which is what we want here: the
 * same contract as our gateway (verify in the subgraph).
 */
export const gatewayConfig = defineConfig({
  propagateHeaders: {
    fromClientToSubgraphs: ({ request }) => ({ authorization: request.headers.get('authorization') ?? '' }),
  },
  // The supergraph file does not change during a run.
  pollingInterval: 0,
  logging: 'warn',
});
