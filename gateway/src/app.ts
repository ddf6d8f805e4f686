import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import {
  CenterHost,
  flushTracing,
  loadConfig,
  metricsAccess,
  Replicas,
  serverLifecycle,
  startTracing,
  TokenService,
  type CenterDefinition,
  type Clock,
  type Config,
  type Database,
  type DrainOptions,
} from '@zhongtai/kit';
import { allCenters } from './centers.ts';
import type { GatewayContext } from './dataSources.ts';
import { devTokens } from './devTokens.ts';
import { createGateway, type SubgraphLocation } from './gateway.ts';
import { createHttpServer, type HttpOptions, type Readiness } from './http.ts';
import { bucketStoreFor } from './limits.ts';

export interface RunningGraph {
  url: string;
  port: number;
  tokens: TokenService;
  apollo: ApolloServer<GatewayContext>;
  server: Server;
  /** Present in all-in-one mode. */
  host?: CenterHost;
  /**
   * Stops the graph. Without options at once (tests); with them gracefully (SIGTERM): `/ready`
   * answers 503 for `graceMs`, then the port closes and requests in flight have `timeoutMs` to
   * finish, then the job workers, the outbox relay and the pools.
   */
  stop(options?: DrainOptions): Promise<void>;
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
  const ready = async (): Promise<Readiness> => {
    await host.database.ping();
    return { ready: true };
  };
  return serve(config, { kind: 'in-process', host }, ready, hooks, options.port ?? config.port, host);
}

export interface DistributedOptions {
  config?: Config;
  /** Where each center runs: one URL, ... */
  urlFor?: (name: string) => string;
  /** ... or its replicas' URLs, asked in turn. */
  urlsFor?: (name: string) => readonly string[];
  port?: number;
}

/** Only the gateway; subgraphs are reached over HTTP at `urlsFor(name)` (or `urlFor`). */
export async function startDistributedGateway(options: DistributedOptions): Promise<RunningGraph> {
  const config = options.config ?? loadConfig();
  const { urlFor, urlsFor = (name: string) => (urlFor ? [urlFor(name)] : []) } = options;
  const replicas = new Map(allCenters().map((c) => [c.name, new Replicas(urlsFor(c.name))]));
  const replicasOf = (name: string) => {
    const set = replicas.get(name);
    if (!set) throw new Error(`unknown center ${name}`);
    return set;
  };
  const location: SubgraphLocation = { kind: 'remote', replicasOf, timeoutMs: config.subgraphTimeoutMs };
  const ready = () => subgraphReadiness(replicas);
  // Callbacks go on to the center's own server, raw body and headers unchanged (signatures).
  const hooks: HookHandler = async (center, method, path, request) => {
    if (!replicas.has(center)) return undefined;
    const headers = new Headers(request.headers);
    for (const hop of ['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive']) headers.delete(hop);
    const signal = AbortSignal.timeout(config.subgraphTimeoutMs);
    const response = await replicasOf(center).send((url) =>
      fetch(`${new URL(url).origin}/hooks/${center}${path}?${request.query}`, {
        method,
        headers,
        body: method === 'POST' ? request.rawBody : undefined,
        signal,
      }),
    );
    return { status: response.status, body: await response.json() };
  };
  return serve(config, location, ready, hooks, options.port ?? config.port);
}

type HookHandler = HttpOptions['hooks'];

/**
 * The gateway is ready when every center has a replica that is: `down` names the centers with
 * none (the graph cannot answer what needs them), `replicasDown` the replicas out while another
 * of their center serves.
 */
export async function subgraphReadiness(replicas: ReadonlyMap<string, Replicas>): Promise<Readiness> {
  const probes = await Promise.all(
    [...replicas].map(async ([center, set]) => {
      const answers = await Promise.all(
        set.urls.map(async (url) => {
          try {
            const response = await fetch(url.replace(/\/graphql$/, '/ready'), { signal: AbortSignal.timeout(2000) });
            return { url, ready: response.ok };
          } catch {
            return { url, ready: false };
          }
        }),
      );
      return { center, answers };
    }),
  );
  const down = probes.filter((p) => !p.answers.some((a) => a.ready)).map((p) => p.center);
  const replicasDown = probes.filter((p) => !down.includes(p.center)).flatMap((p) => p.answers.filter((a) => !a.ready).map((a) => a.url));
  return { ready: down.length === 0, ...(down.length ? { down } : {}), ...(replicasDown.length ? { replicasDown } : {}) };
}

async function serve(
  config: Config,
  location: SubgraphLocation,
  ready: () => Promise<Readiness>,
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
    async stop(drain = { graceMs: 0, timeoutMs: 0 }) {
      await serverLifecycle(server).drain(drain);
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
