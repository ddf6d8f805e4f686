import { GraphQLError } from 'graphql';
import { LIMIT_CODES } from './limits/errors.ts';

export type ErrorCode = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'BAD_USER_INPUT' | 'NOT_FOUND' | 'CONFLICT' | 'INTERNAL_SERVER_ERROR';

const HTTP_STATUS: Partial<Record<ErrorCode, number>> = { UNAUTHENTICATED: 401 };

/** The one way errors are made: a message and a code clients can switch on. */
export function graphqlError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  const status = HTTP_STATUS[code];
  return new GraphQLError(message, {
    extensions: { ...extensions, code, ...(status ? { http: { status } } : {}) },
  });
}

export const unauthenticated = (message = 'Authentication required') => graphqlError('UNAUTHENTICATED', message);
export const forbidden = (message = 'Not allowed') => graphqlError('FORBIDDEN', message);
export const notFound = (type: string, id: string) => graphqlError('NOT_FOUND', `${type} ${id} not found`);
export const badUserInput = (message: string, field?: string[]) => graphqlError('BAD_USER_INPUT', message, field ? { field } : {});
export const conflict = (message: string) => graphqlError('CONFLICT', message);

const KNOWN_CODES = new Set<string>([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
  ...LIMIT_CODES,
]);

/**
 * Masks an error for a client: errors we raised on purpose keep message and code; anything
 * else (a driver error with SQL in it, a bug) becomes INTERNAL_SERVER_ERROR with no detail.
 * `development` keeps the original message (never the stack).
 */
export function maskError(error: GraphQLError, development: boolean): GraphQLError {
  return keepLocations(masked(error, development), error);
}

/** Compiled execution (graphql-jit) gives its errors locations but no nodes: the masked error keeps them all the same. */
function keepLocations(error: GraphQLError, from: GraphQLError): GraphQLError {
  if (!error.locations && from.locations) (error as { locations?: GraphQLError['locations'] }).locations = from.locations;
  return error;
}

function masked(error: GraphQLError, development: boolean): GraphQLError {
  const code = error.extensions?.code;
  if (typeof code === 'string' && KNOWN_CODES.has(code)) {
    return new GraphQLError(error.message, {
      path: error.path,
      nodes: error.nodes,
      extensions: withoutInternals(error.extensions),
    });
  }
  if (!error.originalError && !code) {
    // graphql-js validation or coercion errors: about the client's request, safe to show.
    return new GraphQLError(error.message, { path: error.path, nodes: error.nodes, extensions: { code: 'BAD_USER_INPUT' } });
  }
  return new GraphQLError(development ? error.message : 'Internal server error', {
    path: error.path,
    nodes: error.nodes,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  });
}

function withoutInternals(extensions: Record<string, unknown>): Record<string, unknown> {
  const { exception: _e, stacktrace: _s, http: _h, ...rest } = extensions as Record<string, unknown>;
  return rest;
}
