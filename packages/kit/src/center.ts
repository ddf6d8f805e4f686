import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { applyPersonalData } from './privacy/personalData.ts';
import { fileURLToPath } from 'node:url';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import {
  getOperationAST,
  GraphQLError,
  isObjectType,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
} from 'graphql';
import { loadLimits, payerOf, subgraphLimits, type Limits } from './limits/config.ts';
import { currentSignal, deadline as startDeadline, runWithSignal } from './limits/abort.ts';
import { actualCost, requestedCost } from './limits/cost.ts';
import { shapeRules, tokenLimitError } from './limits/document.ts';
import { costLimitError, responseTooLargeError } from './limits/guard.ts';
import { limitErrorIn } from './limits/errors.ts';
import { exceedsBytes } from './limits/size.ts';
import { applyAuthDirectives } from './auth/directives.ts';
import { applyAuditLog } from './audit/auditLog.ts';
import type { TokenService } from './auth/claims.ts';
import { CLIENT_IP_HEADER, createRequestContext, type Clock, type RequestContext } from './context.ts';
import type { Db } from './db/database.ts';
import { maskError } from './errors.ts';
import { commonTypeDefs, FEDERATION_LINK } from './graphql/commonTypeDefs.ts';
import { scalarResolvers } from './graphql/scalars.ts';
import { OperationRunner, type ExecutionEngine } from './graphql/compiledExecution.ts';
import { errorWithoutSuggestion, introspectionRefused, introspects, mayIntrospect } from './graphql/introspection.ts';
import type { IntrospectionMode } from './config.ts';
import { applyEntityScopes, type EntityScopeDeclaration } from './scope.ts';
import { logger } from './log.ts';
import { withRequestScope, type RequestScope } from './telemetry/requestScope.ts';
import { contextFrom, inSpan, SpanKind, TRACEPARENT, traceIdOf } from './telemetry/spans.ts';
import type { EventHandlers, JobDefinition } from './events/bus.ts';
import type { EventPublisher } from './events/publisher.ts';
import type { OutboxTable, ProcessedEventsTable } from './events/tables.ts';
import type { CenterRoute, RouteResponse } from './http/routes.ts';
import type { Claims } from './auth/claims.ts';
import type { StaffDirectory } from './auth/staffDirectory.ts';
import type { GraphQLRequestBody, ServiceClient } from './serviceClient.ts';

/**
 * A center's resolver map: its generated `Resolvers` (src/generated/resolvers.ts, `pnpm codegen`)
 * types each field against the SDL; buildSubgraphSchema checks the names again at start.
 */
export type Resolvers = { [typeName: string]: object | undefined };

/** What a center declares: its SDL, resolvers, migrations and demo data. */
export interface CenterDefinition {
  name: string;
  /** The center's own SDL; the kit adds the federation @link and the shared types. */
  typeDefs: string;
  resolvers: Resolvers;
  /** Who owns each entity type it resolves: applied to every `_entities` answer (see scope.ts). */
  entityScopes: Record<string, EntityScopeDeclaration>;
  migrationsFolder: string;
  /** Its outbox, when it publishes events or schedules jobs. */
  outbox?: OutboxTable;
  /** Its processed-events table, when it handles events. */
  inbox?: ProcessedEventsTable;
  /** Events of other centers it reacts to (each listed in the kit's SUBSCRIBERS). */
  handlers?: EventHandlers;
  /** Delayed and recurring work, run by pg-boss. */
  jobs?: Record<string, JobDefinition>;
  /** Plain HTTP endpoints (signed callbacks), served under /hooks/<center>. */
  routes?: CenterRoute[];
  seed?: {
    isEmpty(db: Db): Promise<boolean>;
    run(db: Db): Promise<void>;
  };
}

/** A center's event wiring, declared in its `src/events.ts` beside its handlers and jobs. */
export type CenterMessaging = Pick<CenterDefinition, 'outbox' | 'inbox' | 'handlers' | 'jobs'>;

/**
 * A center from the files every center keeps in the same places (docs/CENTER.md): its SDL in
 * `schema.graphql` and its migrations in `db/migrations`, beside the module at `moduleUrl`.
 */
export function defineCenter(moduleUrl: string, parts: Omit<CenterDefinition, 'typeDefs' | 'migrationsFolder'>): CenterDefinition {
  return { ...parts, typeDefs: readSdl(new URL('./schema.graphql', moduleUrl)), migrationsFolder: fileURLToPath(new URL('./db/migrations', moduleUrl)) };
}

function readSdl(url: URL): string {
  return readFileSync(url, 'utf8');
}

/** The full SDL composition sees for a center. */
export function subgraphSdl(definition: CenterDefinition): string {
  return `${FEDERATION_LINK}\n${commonTypeDefs}\n${definition.typeDefs}`;
}

export function buildCenterSchema(definition: CenterDefinition, options: { openSdl?: boolean } = {}): GraphQLSchema {
  const schema = buildSubgraphSchema({
    typeDefs: parse(subgraphSdl(definition)),
    resolvers: { ...scalarResolvers, ...definition.resolvers } as GraphQLResolverMap<unknown>,
  });
  resolveLazyCounts(schema);
  // The audit wrapper goes outside the auth checks: refused attempts are recorded too.
  return applyAuditLog(
    applyAuthDirectives(applyPersonalData(applyEntityScopes(schema, definition.name, definition.entityScopes), definition.name), definition.name, options),
    definition.name,
    definition.outbox,
  );
}

/**
 * A connection's `totalCount` is a function, counted only when asked (pagination.ts). graphql-js's
 * default resolver calls a function it finds; compiled execution reads the property as is, so the
 * field gets a resolver of its own.
 */
function resolveLazyCounts(schema: GraphQLSchema): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const field = type.getFields().totalCount;
    if (field && !field.resolve) field.resolve = lazyCount;
  }
}

const lazyCount = (source: { totalCount?: unknown }): unknown =>
  typeof source.totalCount === 'function' ? (source.totalCount as () => unknown)() : source.totalCount;

export interface CenterRuntimeOptions {
  db: Db;
  tokens: TokenService;
  services: ServiceClient;
  events: EventPublisher;
  development: boolean;
  /** Who may introspect this subgraph when reached directly (config.introspection). Default all. */
  introspection?: IntrospectionMode;
  staff?: StaffDirectory;
  /** The gateway's limits; this center applies them with `subgraphMargin` (limits/config.ts). */
  limits?: Limits;
  /** The clock every request context reads (default the real one). */
  clock?: Clock;
  /** GRAPHQL_EXECUTION: compiled (default) or interpreted. */
  execution?: ExecutionEngine;
  /** GRAPHQL_COMPILE_AT_RUN: the run of an operation that compiles it (default 2). */
  compileAtRun?: number;
}

const DOCUMENT_CACHE_SIZE = 1000;

/** Who sent a request: a socket (anyone), or this process's gateway or a center's service call. */
export type ExecutionCaller = 'network' | 'in-process';
/** Its lines take the center, request and operation from the request scope. */
const log = logger();
const NEVER = new AbortController().signal;

/**
 * A running center: executes GraphQL requests against its schema with a context built from
 * the request's own Authorization header (verified here again, whoever forwarded it).
 */
export class CenterRuntime {
  readonly schema: GraphQLSchema;
  private readonly documents = new Map<string, DocumentNode | readonly GraphQLError[]>();
  private readonly limits: Limits;

  constructor(
    readonly definition: CenterDefinition,
    private readonly options: CenterRuntimeOptions,
  ) {
    this.schema = buildCenterSchema(definition, { openSdl: options.development });
    this.limits = subgraphLimits(options.limits ?? loadLimits());
    this.operations = new OperationRunner(this.schema, options.execution ?? 'compiled', options.compileAtRun);
  }

  private readonly operations: OperationRunner;

  get name(): string {
    return this.definition.name;
  }

  /** Whether `query` runs compiled by now (it does from its second run; diagnostics and tests). */
  runsCompiled(query: string, operationName?: string): boolean {
    const document = this.documents.get(query);
    return Boolean(document && 'kind' in document && this.operations.isCompiled(document, operationName));
  }

  /** This center, running its operations with `engine` instead (a comparison of the two). */
  withExecution(engine: ExecutionEngine): CenterRuntime {
    return new CenterRuntime(this.definition, { ...this.options, execution: engine });
  }

  get db(): Db {
    return this.options.db;
  }

  get services(): ServiceClient {
    return this.options.services;
  }

  get events(): EventPublisher {
    return this.options.events;
  }

  /**
   * Refuses, before any resolver runs, a document over the token, depth, alias or directive
   * limits or a query over the caller's cost budget; runs the rest under a deadline joined to
   * `signal` (the gateway's, or the HTTP request's), aborting its SQL when either fires.
   * Mutations are not cut midway: a multi-center command stopped between two steps would leave
   * work half done, so they run to their end under the service calls' own timeouts.
   */
  execute = (request: GraphQLRequestBody, headers: Headers, signal?: AbortSignal, from: ExecutionCaller = 'network'): Promise<ExecutionResult> => {
    const operation = request.operationName || operationNameIn(request.query);
    return inSpan(
      `${this.name} ${operation ?? 'graphql'}`,
      { kind: SpanKind.SERVER, center: this.name, parent: contextFrom(headers), attributes: operation ? { 'graphql.operation.name': operation } : undefined },
      (span) => {
        const scope: RequestScope = {
          center: this.name,
          requestId: headers.get('x-request-id') || randomUUID(),
          traceId: span?.spanContext().traceId ?? traceIdOf(headers.get(TRACEPARENT)),
          operation,
        };
        return withRequestScope(scope, async () => {
          const started = performance.now();
          const result = await this.executeInScope(request, headers, scope, signal, from);
          log.debug('operation finished', { ms: Math.round(performance.now() - started), errors: result.errors?.length ?? 0 });
          return result;
        });
      },
    );
  };

  private async executeInScope(
    request: GraphQLRequestBody,
    headers: Headers,
    scope: RequestScope,
    signal: AbortSignal | undefined,
    from: ExecutionCaller,
  ): Promise<ExecutionResult> {
    let claims;
    try {
      claims = await this.options.tokens.fromAuthorizationHeader(headers.get('authorization'));
    } catch (error) {
      return { errors: [maskError(error as GraphQLError, this.options.development)] };
    }
    scope.role = claims?.role ?? 'ANONYMOUS';
    const tooLong = this.documents.has(request.query) ? undefined : tokenLimitError(request.query, this.limits);
    if (tooLong) return { errors: [tooLong] };
    const document = this.document(request.query);
    const refused = requestRefusal(request, 'kind' in document ? document : this.parsed.get(document));
    if (refused) return { errors: [refused] };
    const revealsSchema = mayIntrospect(this.options.introspection ?? 'all', claims?.role);
    if (!('kind' in document)) return { errors: revealsSchema ? document : document.map(errorWithoutSuggestion) };
    if (!revealsSchema && introspects(this.schema, document)) return { errors: [introspectionRefused()] };
    const payer = payerOf(claims);
    let cost: number;
    try {
      cost = requestedCost(this.schema, document, request.operationName, request.variables, this.limits);
    } catch {
      cost = 0; // variables that do not fit: execute reports them
    }
    const tooComplex = costLimitError(cost, this.limits.budgets[payer], payer);
    if (tooComplex) return { errors: [tooComplex], extensions: { cost: { requestedQueryCost: cost, actualQueryCost: null } } };
    const mutation = getOperationAST(document, request.operationName ?? undefined)?.operation === 'mutation';
    const deadline = mutation ? undefined : startDeadline(this.limits.requestTimeoutMs, signal ?? currentSignal());
    const contextValue = createRequestContext({
      center: this.name,
      claims,
      db: this.options.db,
      services: this.options.services,
      events: this.options.events,
      requestId: scope.requestId,
      clientIp: headers.get(CLIENT_IP_HEADER),
      staff: this.options.staff,
      signal: deadline?.signal ?? NEVER,
      now: this.options.clock,
    });
    const run = () =>
      this.operations.run({
        document,
        variableValues: request.variables ?? undefined,
        operationName: request.operationName ?? undefined,
        contextValue,
      });
    let result: ExecutionResult;
    try {
      // A mutation runs under a signal that never fires, whatever the caller's context carries.
      result = await runWithSignal(deadline?.signal ?? NEVER, run);
    } finally {
      deadline?.dispose();
    }
    // In this process the answer goes to the gateway, which measures the whole response (and drops
    // a subgraph's extensions), or to a center's service call: walking it here too was a tenth of
    // an order list's CPU. Over the network it is measured here: the caller may be anyone.
    const measured = from === 'network';
    const extensions = measured
      ? { ...result.extensions, cost: { requestedQueryCost: cost, actualQueryCost: actualCost(result.data, mutation) } }
      : result.extensions;
    if (measured && exceedsBytes(result.data, this.limits.maxResponseBytes))
      return { errors: [responseTooLargeError(this.limits.maxResponseBytes)], extensions };
    if (!result.errors?.length) return { ...result, extensions };
    const errors = result.errors.map((e) => this.mask(e, contextValue));
    return { ...result, extensions, errors: revealsSchema ? errors : errors.map(errorWithoutSuggestion) };
  }

  /** Serves one of the center's plain HTTP routes; undefined when none matches. */
  async handleRoute(method: string, path: string, request: { rawBody: string; headers: Headers; query: URLSearchParams }): Promise<RouteResponse | undefined> {
    const route = this.definition.routes?.find((r) => r.method === method && r.path === path);
    if (!route) return undefined;
    const claims: Claims = { subject: `hook:${this.name}${path}`, role: 'SERVICE', shopId: null, memberId: null, staffId: null, scopes: new Set(['service']) };
    const ctx = createRequestContext({
      center: this.name,
      claims,
      db: this.options.db,
      services: this.options.services,
      events: this.options.events,
      requestId: request.headers.get('x-request-id'),
      now: this.options.clock,
    });
    const operation = `${method} /hooks/${this.name}${path}`;
    return inSpan(`${this.name} ${operation}`, { kind: SpanKind.SERVER, center: this.name, parent: contextFrom(request.headers) }, (span) => {
      const traceId = span?.spanContext().traceId ?? traceIdOf(request.headers.get(TRACEPARENT));
      return withRequestScope({ center: this.name, requestId: ctx.requestId, traceId, operation, role: claims.role }, async () => {
        try {
          return await route.handle(ctx, request);
        } catch (error) {
          logger(ctx).error('route failed', { method, path, error });
          return { status: 500, body: { error: 'internal error' } };
        }
      });
    });
  }

  /** Parsed documents, also those that failed validation (to name the operation-resolution mistake first). */
  private readonly parsed = new WeakMap<readonly GraphQLError[], DocumentNode>();

  private document(query: string): DocumentNode | readonly GraphQLError[] {
    let cached = this.documents.get(query);
    if (cached) return cached;
    try {
      const document = parse(query, { maxTokens: this.limits.maxTokens });
      // The shape limits throw from inside validation: spec rules never walk a refused document.
      const errors = validate(this.schema, document, [...shapeRules(this.limits), ...specifiedRules]);
      cached = errors.length ? errors : document;
      if (errors.length) this.parsed.set(errors, document);
    } catch (error) {
      cached = [error as GraphQLError];
    }
    if (this.documents.size >= DOCUMENT_CACHE_SIZE) this.documents.delete(this.documents.keys().next().value!);
    this.documents.set(query, cached);
    return cached;
  }

  private mask(error: GraphQLError, ctx: RequestContext): GraphQLError {
    const limit = limitErrorIn(error);
    if (limit) return new GraphQLError(limit.message, { path: error.path, nodes: error.nodes, extensions: { code: limit.extensions.code } });
    const masked = maskError(error, this.options.development);
    if (masked.extensions.code === 'INTERNAL_SERVER_ERROR') {
      logger(ctx).error('request failed', { path: error.path?.join('.') ?? null, error: error.originalError ?? error });
    }
    return masked;
  }
}

/**
 * GraphQL-over-HTTP mistakes no operation can be run from (400 at the center's server):
 * variables that are not an object, an operationName naming no operation, several operations
 * and no operationName. graphql-js would throw on the first and answer the others as errors.
 */
function requestRefusal(request: GraphQLRequestBody, document: DocumentNode | undefined): GraphQLError | undefined {
  const { variables, operationName } = request as { variables: unknown; operationName: unknown };
  if (variables != null && (typeof variables !== 'object' || Array.isArray(variables))) return badRequest('variables must be a JSON object');
  if (operationName != null && typeof operationName !== 'string') return badRequest('operationName must be a string');
  if (!document || getOperationAST(document, (operationName as string | null) ?? undefined)) return undefined;
  return badRequest(operationName ? `Unknown operation named "${operationName}"` : 'The document has several operations: operationName must name one');
}

/** The operation's name from the document's head (`mutation PlaceOrder(...)`), without parsing it. */
function operationNameIn(query: string): string | undefined {
  return /^\s*(?:#[^\n]*\n\s*)*(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/.exec(query)?.[1];
}

function badRequest(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_REQUEST' } });
}
