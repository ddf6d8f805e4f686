import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { GraphQLError, Lexer, Source, TokenKind, validate, type DocumentNode, type GraphQLSchema, type ValidationRule } from 'graphql';
import type { Limits } from './config.ts';
import { limitError, type LimitCode } from './errors.ts';

export const tooManyTokensMessage = (limit: number) => `Query has more tokens than the limit of ${limit} (MAX_QUERY_TOKENS).`;

/**
 * Counts lexical tokens up to `max + 1`, before anything is parsed: a document of 10,000
 * aliases is refused after reading 3,001 tokens, not after building its AST. A lexing error
 * is left to the parser, which reports it properly.
 */
export function tokenLimitError(source: string, limits: Pick<Limits, 'maxTokens'>): GraphQLError | undefined {
  const lexer = new Lexer(new Source(source));
  let count = 0;
  try {
    while (lexer.advance().kind !== TokenKind.EOF) {
      if (++count > limits.maxTokens) {
        return limitError('MAX_TOKENS', tooManyTokensMessage(limits.maxTokens), { limit: limits.maxTokens });
      }
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/**
 * The shape limits as graphql-js validation rules (graphql-armor's, which count through
 * fragments): the first one exceeded throws its coded error, so validation stops right there.
 * In Apollo Server they run with the spec rules, before the expensive ones get far.
 */
export function shapeRules(limits: Pick<Limits, 'maxDepth' | 'maxAliases' | 'maxDirectives'>): ValidationRule[] {
  const refuse = (code: LimitCode, what: string, env: string, limit: number) => (_: unknown, error: GraphQLError) => {
    const found = /found (\d+)/.exec(error.message)?.[1];
    throw limitError(code, `${what} ${found ?? 'over the limit'} exceeds the limit of ${limit} (${env}).`, {
      limit,
      ...(found ? { found: Number(found) } : {}),
    });
  };
  return [
    maxDepthRule({ n: limits.maxDepth, propagateOnRejection: false, onReject: [refuse('MAX_DEPTH', 'Query depth', 'MAX_QUERY_DEPTH', limits.maxDepth)] }),
    maxAliasesRule({
      n: limits.maxAliases,
      propagateOnRejection: false,
      onReject: [refuse('MAX_ALIASES', 'Number of aliases', 'MAX_QUERY_ALIASES', limits.maxAliases)],
    }),
    maxDirectivesRule({
      n: limits.maxDirectives,
      propagateOnRejection: false,
      onReject: [refuse('MAX_DIRECTIVES', 'Number of directives', 'MAX_QUERY_DIRECTIVES', limits.maxDirectives)],
    }),
  ];
}

/** Runs `shapeRules` alone; returns the refusal, if any. */
export function shapeLimitError(schema: GraphQLSchema, document: DocumentNode, limits: Limits): GraphQLError | undefined {
  try {
    validate(schema, document, shapeRules(limits));
  } catch (error) {
    if (error instanceof GraphQLError) return error;
    throw error;
  }
  return undefined;
}
