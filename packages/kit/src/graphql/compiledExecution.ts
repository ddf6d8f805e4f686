import { execute, GraphQLError, type DocumentNode, type ExecutionArgs, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';

/** How a center runs an operation: graphql-js's interpreter, or graphql-jit's code compiled once per operation. */
export type ExecutionEngine = 'interpreted' | 'compiled';

/**
 * Runs operations of one schema, compiled with graphql-jit once a (document, operation name) comes
 * back: the gateway sends a center the same few documents (one per query-plan fetch) over and over,
 * and interpreting them walked the same AST on every request. A document seen once runs
 * interpreted, so a caller sending endless distinct documents costs no compilation each (compiling
 * is several interpretations' work); one graphql-jit cannot compile keeps running interpreted.
 */
export class OperationRunner {
  private readonly operations = new WeakMap<DocumentNode, Map<string, { runs: number; compiled?: CompiledQuery | null }>>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly engine: ExecutionEngine,
    /** The run of an operation that compiles it (GRAPHQL_COMPILE_AT_RUN): its second by default. */
    private readonly compileAtRun = 2,
  ) {}

  run(args: Omit<ExecutionArgs, 'schema'>): Promise<ExecutionResult> | ExecutionResult {
    const compiled = this.engine === 'compiled' ? this.compiledFor(args.document, args.operationName ?? undefined) : undefined;
    if (!compiled) return withInputCodes(execute({ ...args, schema: this.schema }));
    return compiled.query(args.rootValue, args.contextValue, args.variableValues ?? {}) as Promise<ExecutionResult> | ExecutionResult;
  }

  /** Whether the operation runs compiled now (for tests and diagnostics). */
  isCompiled(document: DocumentNode, operationName?: string): boolean {
    return Boolean(this.operations.get(document)?.get(operationName ?? '')?.compiled);
  }

  private compiledFor(document: DocumentNode, operationName: string | undefined): CompiledQuery | null | undefined {
    let byName = this.operations.get(document);
    if (!byName) this.operations.set(document, (byName = new Map()));
    const key = operationName ?? '';
    let operation = byName.get(key);
    if (!operation) byName.set(key, (operation = { runs: 0 }));
    if (operation.compiled !== undefined) return operation.compiled;
    if (++operation.runs < this.compileAtRun) return undefined;
    let result: CompiledQuery | ExecutionResult | null;
    try {
      result = compileQuery(this.schema, document, operationName, { disablingCapturingStackErrors: true });
    } catch {
      result = null;
    }
    operation.compiled = result && isCompiledQuery(result) ? result : null;
    return operation.compiled;
  }
}

/**
 * graphql-js answers variables that do not fit with errors and no data, which carry the scalar's
 * own error as originalError and no code: masked afterwards, they read as internal errors, where
 * graphql-jit's (no originalError) read as BAD_USER_INPUT. Coded here, both engines say the same.
 */
function withInputCodes(result: PromiseOrValue<ExecutionResult>): PromiseOrValue<ExecutionResult> {
  if (isPromise(result) || result.data !== undefined || !result.errors?.length) return result;
  return {
    ...result,
    errors: result.errors.map((e) =>
      e.extensions.code
        ? e
        : new GraphQLError(e.message, {
            nodes: e.nodes,
            source: e.source,
            positions: e.positions,
            path: e.path,
            originalError: e.originalError,
            extensions: { ...e.extensions, code: 'BAD_USER_INPUT' },
          }),
    ),
  };
}

const isPromise = <T>(value: PromiseOrValue<T>): value is Promise<T> => typeof (value as Promise<T>)?.then === 'function';

type PromiseOrValue<T> = Promise<T> | T;
