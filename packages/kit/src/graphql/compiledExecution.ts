import { execute, GraphQLError, type DocumentNode, type ExecutionArgs, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';

/** How a center runs an operation: graphql-js's interpreter, or graphql-jit's code compiled once per operation. */
export type ExecutionEngine = 'interpreted' | 'compiled';

/**
 * Runs operations of one schema, compiled once per (document, operation name) with graphql-jit:
 * the gateway sends a center the same few documents (one per query-plan fetch) over and over, and
 * interpreting them walked the same AST on every request. A document graphql-jit cannot compile
 * runs interpreted; its answer is graphql-js's either way on errors of the document itself.
 */
export class OperationRunner {
  private readonly compiled = new WeakMap<DocumentNode, Map<string, CompiledQuery | null>>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly engine: ExecutionEngine,
  ) {}

  run(args: Omit<ExecutionArgs, 'schema'>): Promise<ExecutionResult> | ExecutionResult {
    const compiled = this.engine === 'compiled' ? this.compiledFor(args.document, args.operationName ?? undefined) : null;
    if (!compiled) return withInputCodes(execute({ ...args, schema: this.schema }));
    return compiled.query(args.rootValue, args.contextValue, args.variableValues ?? {}) as Promise<ExecutionResult> | ExecutionResult;
  }

  private compiledFor(document: DocumentNode, operationName: string | undefined): CompiledQuery | null {
    let byName = this.compiled.get(document);
    if (!byName) this.compiled.set(document, (byName = new Map()));
    const key = operationName ?? '';
    let compiled = byName.get(key);
    if (compiled === undefined) {
      let result: CompiledQuery | ExecutionResult | null;
      try {
        result = compileQuery(this.schema, document, operationName, { disablingCapturingStackErrors: true });
      } catch {
        result = null;
      }
      compiled = result && isCompiledQuery(result) ? result : null;
      byName.set(key, compiled);
    }
    return compiled;
  }
}

/**
 * graphql-js answers variables that do not fit with errors and no data, without a code (masked
 * as internal errors afterwards); graphql-jit codes them BAD_USER_INPUT. Both engines say the same.
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
