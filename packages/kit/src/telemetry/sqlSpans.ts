import { SpanKind } from '@opentelemetry/api';
import { PgPreparedQuery } from 'drizzle-orm/pg-core';
import { inSpan, spanActive } from './spans.ts';

/**
 * A span per SQL statement a center sends, both drivers alike: every drizzle statement (PGlite's
 * and postgres.js's prepared queries, `db.execute`) runs through PgPreparedQuery.queryWithCache,
 * so it is patched once, when tracing starts; without tracing it stays drizzle's own. The
 * center is the counted handle's (database.ts hands drizzle a logger that names it). The text
 * is drizzle's, with `$1` placeholders: no value a caller sent reaches the span.
 */
type QueryWithCache = (this: PreparedQuery, queryString: string, params: unknown[], query: () => Promise<unknown>) => Promise<unknown>;
interface PreparedQuery {
  logger?: { center?: string };
}

let original: QueryWithCache | undefined;

export function instrumentSql(): void {
  const prototype = PgPreparedQuery.prototype as unknown as { queryWithCache: QueryWithCache };
  if (original) return;
  original = prototype.queryWithCache;
  const unpatched = original;
  prototype.queryWithCache = function (this: PreparedQuery, queryString, params, query) {
    if (!spanActive()) return unpatched.call(this, queryString, params, query);
    const center = this.logger?.center;
    return inSpan(
      `sql ${verbOf(queryString)}`,
      { kind: SpanKind.CLIENT, center, attributes: { 'db.system.name': 'postgresql', 'db.query.text': queryString } },
      () => unpatched.call(this, queryString, params, query),
    );
  };
}

export function uninstrumentSql(): void {
  if (!original) return;
  (PgPreparedQuery.prototype as unknown as { queryWithCache: QueryWithCache }).queryWithCache = original;
  original = undefined;
}

const verbOf = (text: string) => /^\s*(\w+)/.exec(text)?.[1]?.toUpperCase() ?? 'SQL';
