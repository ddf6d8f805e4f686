import type { GraphQLFormattedError } from 'graphql';
import { LIMIT_CODES } from '@zhongtai/kit';

const SAFE_CODES = new Set<string>([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'OPERATION_RESOLUTION_FAILURE',
  ...LIMIT_CODES,
]);

/**
 * What a client sees of an error. Outside development: the message only for errors raised on
 * purpose, the code, and the input field path; never a stack, SQL, a subgraph's name or the
 * subgraph query the gateway sent.
 */
export function formatGatewayError(formatted: GraphQLFormattedError, development: boolean): GraphQLFormattedError {
  if (development) return formatted;
  const code = String(formatted.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
  const safe = SAFE_CODES.has(code);
  const extensions: Record<string, unknown> = { code: safe ? code : 'INTERNAL_SERVER_ERROR' };
  if (safe && formatted.extensions?.field) extensions.field = formatted.extensions.field;
  return {
    message: safe ? formatted.message : 'Internal server error',
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions,
  };
}
