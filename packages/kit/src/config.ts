import type { ExecutionEngine } from './graphql/compiledExecution.ts';
import { numberSetting } from './settings.ts';
import { loadLimits, type Limits } from './limits/config.ts';

/** Process configuration read from the environment, in one place. */
export interface Config {
  /** HTTP port of the gateway. Default 4000. */
  port: number;
  /** Address the gateway and subgraph servers listen on (HOST). Default 127.0.0.1. */
  host: string;
  /** postgres:// URL. Unset: embedded PGlite under `dataDir`. */
  databaseUrl: string | undefined;
  /** Where embedded PGlite keeps its files. `memory` keeps nothing. Default `./.data`. */
  dataDir: string;
  /** HS256 secret for bearer JWTs. */
  jwtSecret: string;
  /** Longest a bearer token may live (exp - iat), seconds. Default 86400 (24 h). */
  jwtMaxLifetimeSeconds: number;
  /** NODE_ENV lower-cased; `development` and `test` are the only non-production values. */
  nodeEnv: string;
  /** Anything but `development` or `test`, unset included (fail-closed). */
  production: boolean;
  /** Who may introspect the schema and get "Did you mean" suggestions. */
  introspection: IntrospectionMode;
  /** Timeout of one gateway-to-subgraph or service-client HTTP call, ms. Default 10000. */
  subgraphTimeoutMs: number;
  /**
   * PostgreSQL connections this process may open for its centers (DATABASE_POOL_SIZE), besides
   * the job queue's. Default 10. A cluster opens this many per center process: fifteen centers
   * at 10 plus their queues pass PostgreSQL's default max_connections of 100 several times over.
   */
  databasePoolSize: number;
  /** PostgreSQL connections of this process's job queue (JOBS_POOL_SIZE), besides the pool above. Default 4. */
  jobsPoolSize: number;
  /**
   * Processes serving the all-in-one graph on one port (WORKERS, PostgreSQL only): each is the
   * whole graph with its own pools, so both cores of a machine serve requests. Default 1.
   */
  workers: number;
  /**
   * How the centers run operations (GRAPHQL_EXECUTION): `compiled` (graphql-jit, once per
   * operation; default) or `interpreted` (graphql-js on every request).
   */
  graphqlExecution: ExecutionEngine;
  /**
   * The run of an operation that compiles it (GRAPHQL_COMPILE_AT_RUN), default 2: a document seen
   * once stays interpreted, so endless distinct documents cost no compilation each.
   */
  graphqlCompileAtRun: number;
  /** How long a staff member's role and status are cached per process (STAFF_CACHE_TTL_MS), ms. Default 30000. */
  staffCacheTtlMs: number;
  /** Query limits, cost budgets, rate limit, deadline, response size: limits/config.ts. */
  limits: Limits;
  /** Bearer that GET /metrics requires in production (METRICS_TOKEN); unset there, /metrics is off. Open outside production. */
  metricsToken: string | undefined;
  /**
   * Operation names /metrics always counts under their own label (METRICS_OPERATIONS, comma
   * separated: the clients' operations), besides the explorer's saved ones.
   */
  metricsOperations: string[];
  /** How many other operation names get a label of their own, first come; the rest count as `other` (METRICS_OPERATION_LIMIT). Default 100. */
  metricsOperationLimit: number;
  /**
   * On SIGTERM, how long a process keeps serving while its `/ready` answers 503, so whatever routes
   * to it (the gateway's replica rotation, a load balancer) stops first (SHUTDOWN_GRACE_MS). Default 1000.
   */
  shutdownGraceMs: number;
  /** Then, how long requests in flight may take to finish before their connections are cut (SHUTDOWN_TIMEOUT_MS). Default 20000. */
  shutdownTimeoutMs: number;
}

/** `all`: anyone; `operators`: ADMIN tokens only; `off`: nobody. */
export type IntrospectionMode = 'all' | 'operators' | 'off';

export const DEV_JWT_SECRET = 'zhongtai-dev-secret-do-not-use-in-production';
export const DEFAULT_JWT_MAX_LIFETIME_SECONDS = 24 * 3600;

const NON_PRODUCTION = new Set(['development', 'test']);

/**
 * Fail-closed: only an explicit `development` or `test` (any case) is not production. A typo,
 * `Production`, `staging` or nothing at all gets the production checks (secrets required, no dev
 * tokens, sandboxes off); `pnpm start` and the tests set NODE_ENV themselves.
 */
export function isProduction(env: NodeJS.ProcessEnv = process.env): boolean {
  return !NON_PRODUCTION.has((env.NODE_ENV ?? '').trim().toLowerCase());
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const nodeEnv = (env.NODE_ENV ?? '').trim().toLowerCase();
  const production = isProduction(env);
  const jwtSecret = env.JWT_SECRET ?? DEV_JWT_SECRET;
  if (production && jwtSecret === DEV_JWT_SECRET) {
    throw new Error(
      `JWT_SECRET must be set in production (NODE_ENV=${env.NODE_ENV ?? '<unset>'} is production; only development and test are not): the dev default is public`,
    );
  }
  if (jwtSecret.length < 32) throw new Error('JWT_SECRET must be at least 32 characters');
  const jwtMaxLifetimeSeconds = numberSetting(env, 'JWT_MAX_LIFETIME_SECONDS', DEFAULT_JWT_MAX_LIFETIME_SECONDS, 'whole');
  if (jwtMaxLifetimeSeconds < 1) throw new Error('JWT_MAX_LIFETIME_SECONDS must be at least 1');
  return {
    port: numberSetting(env, 'PORT', 4000, 'whole'),
    host: env.HOST || '127.0.0.1',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.DATA_DIR ?? './.data',
    jwtSecret,
    jwtMaxLifetimeSeconds,
    nodeEnv,
    production,
    introspection: introspectionFromEnv(env.INTROSPECTION, production),
    subgraphTimeoutMs: numberSetting(env, 'SUBGRAPH_TIMEOUT_MS', 10_000, 'whole'),
    databasePoolSize: numberSetting(env, 'DATABASE_POOL_SIZE', 10, 'whole'),
    jobsPoolSize: numberSetting(env, 'JOBS_POOL_SIZE', 4, 'whole'),
    workers: numberSetting(env, 'WORKERS', 1, 'whole'),
    graphqlExecution: executionFromEnv(env.GRAPHQL_EXECUTION),
    graphqlCompileAtRun: numberSetting(env, 'GRAPHQL_COMPILE_AT_RUN', 2, 'positive-integer'),
    staffCacheTtlMs: numberSetting(env, 'STAFF_CACHE_TTL_MS', 30_000, 'whole'),
    limits: loadLimits(env),
    metricsToken: metricsTokenFromEnv(env.METRICS_TOKEN),
    metricsOperations: (env.METRICS_OPERATIONS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    metricsOperationLimit: numberSetting(env, 'METRICS_OPERATION_LIMIT', 100, 'whole'),
    shutdownGraceMs: numberSetting(env, 'SHUTDOWN_GRACE_MS', 1000, 'whole'),
    shutdownTimeoutMs: numberSetting(env, 'SHUTDOWN_TIMEOUT_MS', 20_000, 'whole'),
  };
}

function executionFromEnv(value: string | undefined): ExecutionEngine {
  const engine = (value ?? '').trim().toLowerCase() || 'compiled';
  if (engine !== 'compiled' && engine !== 'interpreted') throw new Error(`GRAPHQL_EXECUTION must be compiled or interpreted, not "${value}"`);
  return engine;
}

function metricsTokenFromEnv(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (value.length < 16) throw new Error('METRICS_TOKEN must be at least 16 characters');
  return value;
}

function introspectionFromEnv(value: string | undefined, production: boolean): IntrospectionMode {
  if (value === undefined || value === '') return production ? 'operators' : 'all';
  const mode = value.trim().toLowerCase();
  if (mode !== 'all' && mode !== 'operators' && mode !== 'off') throw new Error(`INTROSPECTION must be operators, all or off, got ${value}`);
  return mode;
}

/** The sandboxes standing in for third parties: the payment provider, the carrier and the payout provider (finance). */
export type SandboxProvider = 'payments' | 'carrier' | 'payouts' | 'customs';
const SANDBOX_PROVIDERS: readonly SandboxProvider[] = ['payments', 'carrier', 'payouts', 'customs'];

/**
 * Whether a sandbox may be used: always outside production; in production only when
 * SANDBOX_PROVIDERS names it (e.g. `payments,carrier`), since a sandbox pays or delivers without
 * a real third party. Read at each call, like the centers' own settings.
 */
export function sandboxEnabled(name: SandboxProvider, env: NodeJS.ProcessEnv = process.env): boolean {
  if (!isProduction(env)) return true;
  const named = (env.SANDBOX_PROVIDERS ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  for (const n of named)
    if (!(SANDBOX_PROVIDERS as readonly string[]).includes(n))
      throw new Error(`SANDBOX_PROVIDERS: unknown sandbox ${n} (known: ${SANDBOX_PROVIDERS.join(', ')})`);
  return named.includes(name);
}

/**
 * URL of a center's subgraph when it runs in its own process: SUBGRAPH_URL_<NAME>. A center run as
 * several replicas lists them all, comma-separated: this is the first; `subgraphUrlsFromEnv` has all.
 */
export function subgraphUrlFromEnv(center: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return subgraphUrlsFromEnv(center, env)[0];
}

/** Every replica's URL of a center (SUBGRAPH_URL_<NAME>, comma-separated); empty when unset. */
export function subgraphUrlsFromEnv(center: string, env: NodeJS.ProcessEnv = process.env): string[] {
  return (env[`SUBGRAPH_URL_${center.toUpperCase()}`] ?? '')
    .split(',')
    .map((url) => url.trim())
    .filter(Boolean);
}
