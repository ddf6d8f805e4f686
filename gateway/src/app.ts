import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import {
  CenterHost,
  flushTracing,
  loadConfig,
  metricsAccess,
  startTracing,
  TokenService,
  type CenterDefinition,
  type Clock,
  type Config,
  type Database,
} from '@zhongtai/kit';
import { allCenters } from './centers.ts';
import type { GatewayContext } from './dataSources.ts';
import { devTokens } from './devTokens.ts';
import { createGateway, type SubgraphLocation } from './gateway.ts';
import { createHttpServer, type HttpOptions } from './http.ts';
import { bucketStoreFor } from './limits.ts';

export interface RunningGraph {
  url: string;
  port: number;
  tokens: TokenService;
  apollo: ApolloServer<GatewayContext>;
  server: Server;
  /** Present in all-in-one mode. */
  host?: CenterHost;
  stop(): Promise<void>;
}

export interface AllInOneOptions {
  config?: Config;
  database?: Database;
  centers?: CenterDefinition[];
  seedWhenEmpty?: boolean;
  port?: number;
  /** The time the centers' rules read (deadlines, windows, expiry). Default the real clock. */
  clock?: Clock;
}

/** Gateway and every center in this process, subgraphs executed in-process. */
export async function startAllInOne(options: AllInOneOptions = {}): Promise<RunningGraph> {
  const config = options.config ?? loadConfig();
  const host = await CenterHost.open({ config, database: options.database, seedWhenEmpty: options.seedWhenEmpty, clock: options.clock });
  await host.start(options.centers ?? allCenters());
  const hooks: HookHandler = async (center, method, path, request) => host.centers.get(center)?.handleRoute(method, path, request);
  return serve(config, { kind: 'in-process', host }, () => host.database.ping(), hooks, options.port ?? config.port, host);
}

/** Only the gateway; subgraphs are reached over HTTP at `urlFor(name)`. */
export async function startDistributedGateway(options: { config?: Config; urlFor: (name: string) => string; port?: number }): Promise<RunningGraph> {
  const config = options.config ?? loadConfig();
  const location: SubgraphLocation = { kind: 'remote', urlFor: options.urlFor, timeoutMs: config.subgraphTimeoutMs };
  const ready = async () => {
    await Promise.all(
      allCenters().map(async (c) => {
        const response = await fetch(options.urlFor(c.name).replace(/\/graphql$/, '/ready'), { signal: AbortSignal.timeout(2000) });
        if (!response.ok) throw new Error(`${c.name} not ready`);
      }),
    );
  };
  // Callbacks go on to the center's own server, raw body and headers unchanged (signatures).
  const hooks: HookHandler = async (center, method, path, request) => {
    if (!allCenters().some((c) => c.name === center)) return undefined;
    const origin = new URL(options.urlFor(center)).origin;
    const headers = new Headers(request.headers);
    for (const hop of ['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive']) headers.delete(hop);
    const response = await fetch(`${origin}/hooks/${center}${path}?${request.query}`, {
      method,
      headers,
      body: method === 'POST' ? request.rawBody : undefined,
      signal: AbortSignal.timeout(config.subgraphTimeoutMs),
    });
    return { status: response.status, body: await response.json() };
  };
  return serve(config, location, ready, hooks, options.port ?? config.port);
}

type HookHandler = HttpOptions['hooks'];

async function serve(
  config: Config,
  location: SubgraphLocation,
  ready: () => Promise<void>,
  hooks: HookHandler,
  port: number,
  host?: CenterHost,
): Promise<RunningGraph> {
  await startTracing({ serviceName: 'zhongtai-gateway' });
  const development = config.nodeEnv === 'development';
  const tokens = host?.tokens ?? new TokenService(config.jwtSecret, config.jwtMaxLifetimeSeconds);
  const buckets = bucketStoreFor(config.limits);
  const apollo = await createGateway({
    location,
    tokens,
    development,
    introspection: config.introspection,
    limits: config.limits,
    buckets,
    metricsOperations: { known: config.metricsOperations, limit: config.metricsOperationLimit },
  });
  let explorerTokens: Promise<Record<string, string>> | undefined;
  const server = createHttpServer({
    apollo,
    tokens,
    ready,
    hooks,
    explorer: { tokens: () => (explorerTokens ??= devTokens(tokens, config.production)) },
    limits: config.limits,
    metrics: metricsAccess(config),
    filesSecret: config.jwtSecret,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, config.host, resolve);
  });
  const actualPort = (server.address() as AddressInfo).port;
  return {
    url: `http://${urlHost(config.host)}:${actualPort}/graphql`,
    port: actualPort,
    tokens,
    apollo,
    server,
    host,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await apollo.stop();
      await buckets?.close();
      await host?.close();
      await flushTracing();
    },
  };
}

/** Where a client on this machine reaches an address we listen on. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}
