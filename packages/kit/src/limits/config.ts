import { numberSetting } from '../settings.ts';
import type { Role } from '../auth/claims.ts';

/** Who pays: a token's role, or nobody (no token). */
export type Payer = Role | 'ANONYMOUS';

/**
 * What one caller may spend. `maxQueryCost` caps one request; the leaky bucket holds
 * `bucketSize` points and refills `restoreRate` points a second (Shopify's model).
 */
export interface CostBudget {
  maxQueryCost: number;
  bucketSize: number;
  restoreRate: number;
}

/** Every limit on a request, read from the environment in one place (README: Configuration). */
export interface Limits {
  /** Deepest field nesting (MAX_QUERY_DEPTH). Introspection (`__schema`) is bounded by graphql-js's own rule. */
  maxDepth: number;
  /** Aliased fields in one operation (MAX_QUERY_ALIASES); `__typename` is free. */
  maxAliases: number;
  /** Lexical tokens in one document (MAX_QUERY_TOKENS), counted before it is parsed. */
  maxTokens: number;
  /** Directives in one operation (MAX_QUERY_DIRECTIVES). */
  maxDirectives: number;
  /** Items a plain list (no `first`/`last`) is assumed to hold (COST_LIST_SIZE). */
  assumedListSize: number;
  /** Items a connection without `first`/`last` returns: the kit's DEFAULT_PAGE_SIZE. */
  defaultPageSize: number;
  /** Per role (COST_BUDGET_<ROLE>=maxQueryCost/bucketSize/restoreRate). */
  budgets: Record<Payer, CostBudget>;
  /**
   * A subgraph checks the query the gateway planned, not the client's: fragments inlined, keys
   * and `__typename` added, `_entities` sized by real rows where the gateway assumed list sizes.
   * Its limits are the gateway's times this margin (depth: plus this margin), so a request the
   * gateway accepted passes, while a query sent straight to a subgraph is still bounded
   * (SUBGRAPH_LIMIT_MARGIN).
   */
  subgraphMargin: number;
  /** Deadline of one request (REQUEST_TIMEOUT_MS); the subgraphs' work is aborted with it. */
  requestTimeoutMs: number;
  /** Largest response body (MAX_RESPONSE_BYTES); a larger one is replaced by an error. */
  maxResponseBytes: number;
  rateLimit: {
    /** RATE_LIMIT=off turns the leaky bucket off (bench load runs); costs are still reported. */
    enabled: boolean;
    /** `memory`: this process only; `postgres`: shared by every gateway on RATE_LIMIT_DATABASE_URL. */
    store: 'memory' | 'postgres';
    databaseUrl: string | undefined;
  };
}

export const DEFAULT_BUDGETS: Record<Payer, CostBudget> = {
  ANONYMOUS: { maxQueryCost: 1_000, bucketSize: 2_000, restoreRate: 100 },
  CUSTOMER: { maxQueryCost: 5_000, bucketSize: 20_000, restoreRate: 1_000 },
  ANALYST: { maxQueryCost: 20_000, bucketSize: 60_000, restoreRate: 3_000 },
  MERCHANT: { maxQueryCost: 20_000, bucketSize: 60_000, restoreRate: 3_000 },
  ADMIN: { maxQueryCost: 50_000, bucketSize: 200_000, restoreRate: 10_000 },
  SERVICE: { maxQueryCost: 200_000, bucketSize: 1_000_000, restoreRate: 100_000 },
};

export function loadLimits(env: NodeJS.ProcessEnv = process.env): Limits {
  const budgets = { ...DEFAULT_BUDGETS };
  for (const payer of Object.keys(DEFAULT_BUDGETS) as Payer[]) {
    const raw = env[`COST_BUDGET_${payer}`];
    if (raw) budgets[payer] = parseBudget(`COST_BUDGET_${payer}`, raw);
  }
  const store = env.RATE_LIMIT_STORE ?? 'memory';
  if (store !== 'memory' && store !== 'postgres') throw new Error(`RATE_LIMIT_STORE must be memory or postgres, got ${store}`);
  const databaseUrl = env.RATE_LIMIT_DATABASE_URL || env.DATABASE_URL || undefined;
  if (store === 'postgres' && !databaseUrl) throw new Error('RATE_LIMIT_STORE=postgres needs RATE_LIMIT_DATABASE_URL or DATABASE_URL');
  return {
    maxDepth: numberSetting(env, 'MAX_QUERY_DEPTH', 12, 'positive-integer'),
    maxAliases: numberSetting(env, 'MAX_QUERY_ALIASES', 30, 'positive-integer'),
    maxTokens: numberSetting(env, 'MAX_QUERY_TOKENS', 3_000, 'positive-integer'),
    maxDirectives: numberSetting(env, 'MAX_QUERY_DIRECTIVES', 20, 'positive-integer'),
    assumedListSize: numberSetting(env, 'COST_LIST_SIZE', 5, 'positive-integer'),
    defaultPageSize: 20,
    budgets,
    subgraphMargin: numberSetting(env, 'SUBGRAPH_LIMIT_MARGIN', 4, 'positive-integer'),
    requestTimeoutMs: numberSetting(env, 'REQUEST_TIMEOUT_MS', 10_000, 'positive-integer'),
    maxResponseBytes: numberSetting(env, 'MAX_RESPONSE_BYTES', 8 * 1024 * 1024, 'positive-integer'),
    rateLimit: { enabled: (env.RATE_LIMIT ?? 'on') !== 'off', store, databaseUrl },
  };
}

/** The limits a subgraph applies to what reaches it (see `subgraphMargin`). */
export function subgraphLimits(limits: Limits): Limits {
  const m = limits.subgraphMargin;
  const budgets = Object.fromEntries(Object.entries(limits.budgets).map(([payer, b]) => [payer, { ...b, maxQueryCost: b.maxQueryCost * m }])) as Record<
    Payer,
    CostBudget
  >;
  return {
    ...limits,
    maxDepth: limits.maxDepth + m,
    maxAliases: limits.maxAliases * m,
    maxTokens: limits.maxTokens * m,
    maxDirectives: limits.maxDirectives * m,
    budgets,
  };
}

export function payerOf(claims: { role: Role } | null | undefined): Payer {
  return claims?.role ?? 'ANONYMOUS';
}

function parseBudget(name: string, raw: string): CostBudget {
  const parts = raw.split('/').map(Number);
  if (parts.length !== 3 || parts.some((n) => !Number.isFinite(n) || n <= 0)) {
    throw new Error(`${name} must be maxQueryCost/bucketSize/restoreRate (positive numbers), got ${raw}`);
  }
  const [maxQueryCost, bucketSize, restoreRate] = parts as [number, number, number];
  return { maxQueryCost, bucketSize, restoreRate };
}
