import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { BoundedLabels, type BucketStore, type CenterHost, type IntrospectionMode, type Limits, type Replicas, type TokenService } from '@zhongtai/kit';
import { InProcessDataSource, TimedRemoteDataSource, type GatewayContext } from './dataSources.ts';
import { formatGatewayError } from './errors.ts';
import { limitsPlugin, tokenLimitAsCoded, stringifyWithinBudget } from './limits.ts';
import { knownOperations, requestMetrics, timedFetches } from './metrics.ts';
import { operationGuard } from './operationGuard.ts';
import { requestScopePlugin } from './observability.ts';

export const SUPERGRAPH_PATH = new URL('../../schema/supergraph.graphql', import.meta.url);

/** Where the subgraphs are: in this process (all-in-one), or at URLs (distributed). */
export type SubgraphLocation = { kind: 'in-process'; host: CenterHost } | { kind: 'remote'; replicasOf: (name: string) => Replicas; timeoutMs: number };

export interface GatewayOptions {
  supergraphSdl?: string;
  location: SubgraphLocation;
  tokens: TokenService;
  development: boolean;
  /** Who may introspect and see "Did you mean" suggestions (config.introspection). */
  introspection?: IntrospectionMode;
  limits: Limits;
  /** The callers' leaky buckets; none: no rate limit. */
  buckets: BucketStore | undefined;
  /** Operation names /metrics counts apart (config.metricsOperations, metricsOperationLimit); default the explorer's and 100 more. */
  metricsOperations?: { known: readonly string[]; limit: number };
}

/** The federated gateway over the committed supergraph. */
export async function createGateway(options: GatewayOptions): Promise<ApolloServer<GatewayContext>> {
  const supergraphSdl = forGateway(options.supergraphSdl ?? readFileSync(SUPERGRAPH_PATH, 'utf8'));
  const { location } = options;
  // Unless told otherwise, @apollo/gateway reports usage metrics to Apollo and first probes cloud
  // metadata addresses (169.254.169.254) to describe the host: nothing of ours leaves the machine.
  process.env.APOLLO_TELEMETRY_DISABLED ??= 'true';
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) =>
      timedFetches(
        name,
        location.kind === 'in-process'
          ? new InProcessDataSource(location.host.center(name))
          : new TimedRemoteDataSource(location.replicasOf(name) ?? url, location.timeoutMs),
      ),
  });
  const server = new ApolloServer<GatewayContext>({
    gateway,
    introspection: true,
    includeStacktraceInErrorResponses: options.development,
    formatError: (formatted) => formatGatewayError(tokenLimitAsCoded(formatted, options.limits), options.development),
    // graphql-js stops parsing at the limit: a 10,000-alias document never becomes an AST.
    parseOptions: { maxTokens: options.limits.maxTokens },
    stringifyResult: stringifyWithinBudget(options.limits),
    plugins: [
      requestMetrics(new BoundedLabels(knownOperations(options.metricsOperations?.known), options.metricsOperations?.limit ?? 100)),
      ApolloServerPluginLandingPageDisabled(),
      requestScopePlugin(),
      operationGuard(options.introspection ?? 'all'),
      limitsPlugin(options.limits, options.buckets),
    ],
  });
  await server.start();
  return server;
}

/**
 * @apollo/gateway refuses a supergraph that links @authenticated / @requiresScopes `for:
 * SECURITY`, because it cannot enforce them. Our subgraphs enforce them (a subgraph reached
 * directly must refuse anyway), so the gateway gets the links as plain metadata. The committed
 * supergraph keeps them for gateways that do enforce (Apollo Router).
 */
export function forGateway(supergraphSdl: string): string {
  return supergraphSdl.replace(/(@link\(url: "https:\/\/specs\.apollo\.dev\/(?:authenticated|requiresScopes)\/v[0-9.]+"), for: SECURITY\)/g, '$1)');
}

/**
 * The gateway verifies the bearer token before planning anything; an invalid one is refused
 * with 401. The raw header is forwarded so each subgraph verifies it again.
 */
export async function gatewayContext(
  tokens: TokenService,
  authorization: string | undefined,
  requestId: string | undefined,
  client: { ip?: string | null; signal?: AbortSignal } = {},
): Promise<GatewayContext> {
  const claims = await tokens.fromAuthorizationHeader(authorization);
  return {
    authorization: authorization ?? null,
    requestId: requestId || randomUUID(),
    claims,
    role: claims?.role ?? null,
    clientIp: client.ip ?? null,
    signal: client.signal,
  };
}
