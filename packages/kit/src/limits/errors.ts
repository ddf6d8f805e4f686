import { GraphQLError } from 'graphql';

/** Codes of the refusals in this folder; clients switch on them, the gateway never masks them. */
export const LIMIT_CODES = [
  'MAX_DEPTH',
  'MAX_ALIASES',
  'MAX_TOKENS',
  'MAX_DIRECTIVES',
  'QUERY_TOO_COMPLEX',
  'THROTTLED',
  'REQUEST_TIMEOUT',
  'RESPONSE_TOO_LARGE',
] as const;
export type LimitCode = (typeof LIMIT_CODES)[number];

const HTTP_STATUS: Record<LimitCode, number> = {
  MAX_DEPTH: 400,
  MAX_ALIASES: 400,
  MAX_TOKENS: 400,
  MAX_DIRECTIVES: 400,
  QUERY_TOO_COMPLEX: 400,
  THROTTLED: 429,
  REQUEST_TIMEOUT: 504,
  RESPONSE_TOO_LARGE: 500,
};

/** A refusal naming the limit and its value; `http.status` is what Apollo Server answers with. */
export function limitError(code: LimitCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code, http: { status: HTTP_STATUS[code] } } });
}

export function isLimitError(error: unknown): error is GraphQLError {
  return error instanceof GraphQLError && (LIMIT_CODES as readonly string[]).includes(String(error.extensions?.code));
}

/** The limit error behind `error`, however wrapped (graphql-js, the SQL driver's wrapper). */
export function limitErrorIn(error: unknown): GraphQLError | undefined {
  for (let e = error, depth = 0; e && depth < 5; depth++) {
    if (isLimitError(e)) return e;
    e = (e as { originalError?: unknown; cause?: unknown }).originalError ?? (e as { cause?: unknown }).cause;
  }
  return undefined;
}
