import { GraphQLError, NoSchemaIntrospectionCustomRule, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { Role } from '../auth/claims.ts';
import type { IntrospectionMode } from '../config.ts';
import { forbidden } from '../errors.ts';

/**
 * Who may read the schema (INTROSPECTION): `all`, `operators` (ADMIN tokens; the production
 * default) or `off`. Others get neither `__schema`/`__type` nor "Did you mean" suggestions,
 * which spell out field and type names one guess at a time. `__typename` stays allowed: clients
 * and the gateway's query plans need it.
 */
export function mayIntrospect(mode: IntrospectionMode, role: Role | null | undefined): boolean {
  return mode === 'all' || (mode === 'operators' && role === 'ADMIN');
}

const introspecting = new WeakMap<DocumentNode, boolean>();

/** Whether the document asks for `__schema` or `__type` (cached per parsed document). */
export function introspects(schema: GraphQLSchema, document: DocumentNode): boolean {
  let found = introspecting.get(document);
  if (found === undefined) introspecting.set(document, (found = validate(schema, document, [NoSchemaIntrospectionCustomRule]).length > 0));
  return found;
}

export const introspectionRefused = () => forbidden('Schema introspection is not allowed for this token');

/** The message without graphql-js's trailing ` Did you mean "x"?`. */
export function withoutSuggestion(message: string): string {
  return message.replace(/ ?Did you mean .+\?$/s, '');
}

export function errorWithoutSuggestion(error: GraphQLError): GraphQLError {
  const message = withoutSuggestion(error.message);
  if (message === error.message) return error;
  return new GraphQLError(message, { nodes: error.nodes, path: error.path, originalError: error.originalError ?? undefined, extensions: error.extensions });
}
