import { loadLimits, type Limits } from './limits/config.ts';

/** Process configuration read from the environment, in one place. */
export interface Config {
  /** HTTP port of the gateway. Default 4000. */
  port: number;
  /** postgres:// URL. Unset: embedded PGlite under `dataDir`. */
  databaseUrl: string | undefined;
  /** Where embedded PGlite keeps its files. `memory` keeps nothing. Default `./.data`. */
  dataDir: string;
  /** HS256 secret for bearer JWTs. */
  jwtSecret: string;
  /** `development` shows error details to clients; anything else masks them. */
  nodeEnv: string;
  /** Timeout of one gateway-to-subgraph or service-client HTTP call, ms. Default 10000. */
  subgraphTimeoutMs: number;
  /**
   * PostgreSQL connections this process may open for its centers (DATABASE_POOL_SIZE), besides
   * the job queue's. Default 10. A cluster opens this many per center process: 8 centers at 10
   * plus their queues already pass PostgreSQL's default max_connections of 100.
   */
  databasePoolSize: number;
  /** Query limits, cost budgets, rate limit, deadline, response size: limits/config.ts. */
  limits: Limits;
}

export const DEV_JWT_SECRET = 'zhongtai-dev-secret-do-not-use-in-production';

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const nodeEnv = env.NODE_ENV ?? 'local';
  const jwtSecret = env.JWT_SECRET ?? DEV_JWT_SECRET;
  if (nodeEnv === 'production' && jwtSecret === DEV_JWT_SECRET) {
    throw new Error('JWT_SECRET must be set when NODE_ENV=production (the dev default is public)');
  }
  if (jwtSecret.length < 32) throw new Error('JWT_SECRET must be at least 32 characters');
  return {
    port: intFromEnv(env.PORT, 4000),
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.DATA_DIR ?? './.data',
    jwtSecret,
    nodeEnv,
    subgraphTimeoutMs: intFromEnv(env.SUBGRAPH_TIMEOUT_MS, 10_000),
    databasePoolSize: intFromEnv(env.DATABASE_POOL_SIZE, 10),
    limits: loadLimits(env),
  };
}

/** URL of a center's subgraph when it runs in its own process: SUBGRAPH_URL_<NAME>. */
export function subgraphUrlFromEnv(center: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env[`SUBGRAPH_URL_${center.toUpperCase()}`] || undefined;
}

function intFromEnv(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`expected a non-negative integer, got ${value}`);
  return n;
}
