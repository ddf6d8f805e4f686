import { and, asc, desc, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { badUserInput } from './errors.ts';

/**
 * Relay connections with keyset cursors. A cursor is the row's (sort value, id): the next page
 * is `(sort, id) > (cursor)` on an index, never OFFSET, so a page stays right while rows are
 * inserted before it and costs the same on page 1 and page 10,000.
 */
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

export interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

export type SortDirection = 'ASC' | 'DESC';

export interface KeysetSort<Row> {
  column: PgColumn;
  direction: SortDirection;
  /** The row's value of `column`, as stored. */
  value: (row: Row) => unknown;
}

export interface Edge<Row> {
  cursor: string;
  node: Row;
}

export interface Connection<Row> {
  edges: Edge<Row>[];
  nodes: Row[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  /** Counted only when a client selects it. */
  totalCount: () => Promise<number>;
}

export interface PaginateOptions<Row extends { id: string }> {
  args: ConnectionArgs;
  sort: KeysetSort<Row>;
  idColumn: PgColumn;
  where: SQL | undefined;
  fetch: (where: SQL | undefined, orderBy: SQL[], limit: number) => Promise<Row[]>;
  count: (where: SQL | undefined) => Promise<number>;
}

export async function paginate<Row extends { id: string }>(options: PaginateOptions<Row>): Promise<Connection<Row>> {
  const page = keysetPage(options.args, options.sort, options.idColumn);
  const rows = await options.fetch(and(options.where, ...page.cursor), page.orderBy, page.limit);
  return page.connection(rows, () => options.count(options.where));
}

/**
 * The keyset mechanics of one page, apart from how its rows are fetched: the cursor condition,
 * the order and the limit (one more than the page, to see whether there is a next one), and
 * the connection made of the rows fetched that way.
 */
export interface KeysetPage<Row> {
  /** The cursor conditions (after, before), to AND with the list's own condition. */
  cursor: SQL[];
  orderBy: SQL[];
  limit: number;
  connection(rows: Row[], count: () => Promise<number>): Connection<Row>;
}

export function keysetPage<Row extends { id: string }>(args: ConnectionArgs, sort: KeysetSort<Row>, idColumn: PgColumn): KeysetPage<Row> {
  const { first, last } = pageSize(args);
  const castType = sort.column.getSQLType();
  const compare = (cursor: string, op: '>' | '<') => {
    const [value, id] = decodeCursor(cursor);
    return sql`(${sort.column}, ${idColumn}) ${sql.raw(op)} (${value}::${sql.raw(castType)}, ${id})`;
  };
  const forward = sort.direction === 'ASC';
  const backwards = last !== undefined;
  const limit = (backwards ? last : first) + 1;
  const order = forward !== backwards ? asc : desc;
  return {
    cursor: [...(args.after ? [compare(args.after, forward ? '>' : '<')] : []), ...(args.before ? [compare(args.before, forward ? '<' : '>')] : [])],
    orderBy: [order(sort.column), order(idColumn)],
    limit,
    connection(rows, count) {
      const more = rows.length >= limit;
      const page = rows.slice(0, limit - 1);
      if (backwards) page.reverse();
      const edges = page.map((node) => ({ cursor: encodeCursor(sort.value(node), node.id), node }));
      let counted: Promise<number> | undefined;
      return {
        edges,
        nodes: page,
        pageInfo: {
          hasNextPage: backwards ? Boolean(args.before) : more,
          hasPreviousPage: backwards ? more : Boolean(args.after),
          startCursor: edges[0]?.cursor ?? null,
          endCursor: edges.at(-1)?.cursor ?? null,
        },
        totalCount: () => (counted ??= count()),
      };
    },
  };
}

function pageSize(args: ConnectionArgs): { first: number; last?: number } {
  if (args.first != null && args.last != null) throw badUserInput('Pass either first or last, not both');
  for (const [name, value] of [
    ['first', args.first],
    ['last', args.last],
  ] as const) {
    if (value == null) continue;
    if (!Number.isInteger(value) || value < 0) throw badUserInput(`${name} must be a non-negative integer`, [name]);
    if (value > MAX_PAGE_SIZE) throw badUserInput(`${name} must be at most ${MAX_PAGE_SIZE}`, [name]);
  }
  if (args.last != null) return { first: 0, last: args.last };
  return { first: args.first ?? DEFAULT_PAGE_SIZE };
}

export function encodeCursor(value: unknown, id: string): string {
  const text = value instanceof Date ? value.toISOString() : typeof value === 'bigint' ? value.toString() : value;
  return Buffer.from(JSON.stringify([text, id])).toString('base64url');
}

export function decodeCursor(cursor: string): [string | number, string] {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && (typeof parsed[0] === 'string' || typeof parsed[0] === 'number') && typeof parsed[1] === 'string') {
      return [parsed[0], parsed[1]];
    }
  } catch {
    // fall through: a cursor is opaque to clients, so any damage is their input error
  }
  throw badUserInput('Malformed cursor');
}
