import { and, count, getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from './db/database.ts';
import { anyOf } from './db/anyOf.ts';
import type { RequestContext } from './context.ts';
import { isId } from './ids.ts';
import { keysetPage, type Connection, type ConnectionArgs, type SortDirection } from './pagination.ts';

/** A table whose rows have a text `id`: the tie-breaker of every keyset order. */
type IdTable = PgTable & { id: PgColumn };
type RowOf<T extends IdTable> = T['$inferSelect'] & { id: string };

export interface ListSort {
  /** A column of the listed table; the cursor holds the row's value of it. */
  column: PgColumn;
  direction: SortDirection;
}

export interface ListOptions {
  /** The list's filter (scope included); the cursor condition is added to it. */
  where?: SQL | undefined;
  sort: ListSort;
}

/**
 * A keyset page of a table's rows: `select * ... where <where and cursor> order by <sort>, id
 * limit n+1`, and `select count(*) ... where <where>` only when a client selects totalCount.
 */
export async function listTable<T extends IdTable>(db: Db, table: T, args: ConnectionArgs, options: ListOptions): Promise<Connection<RowOf<T>>> {
  const page = keysetPage<RowOf<T>>(args, keysetSortOf(table, options.sort), table.id);
  const from = db.select().from(table as PgTable);
  const rows = (await from
    .where(and(options.where, ...page.cursor))
    .orderBy(...page.orderBy)
    .limit(page.limit)) as RowOf<T>[];
  return page.connection(rows, () => countRows(db, table, options.where));
}

export interface GroupedListOptions extends ListOptions {
  /** The column the groups are told apart by (e.g. `spus.shopId` for each shop's products). */
  groupBy: PgColumn;
}

/**
 * The same page of several groups at once (each shop's first 10 products under a page of shops):
 * one statement for the rows, numbering each group's rows in the page's order and keeping the
 * first n+1 of each, instead of one statement per group; and, when a client selects totalCount,
 * one grouped count for all of them. Returns a connection per group, in the order of `groups`.
 */
export async function listTableByGroup<T extends IdTable>(
  db: Db,
  table: T,
  groups: readonly string[],
  args: ConnectionArgs,
  options: GroupedListOptions,
): Promise<Connection<RowOf<T>>[]> {
  const page = keysetPage<RowOf<T>>(args, keysetSortOf(table, options.sort), table.id);
  const wanted = [...new Set(groups)];
  const where = and(options.where, anyOf(options.groupBy, wanted));
  const columns: Record<string, PgColumn> = getTableColumns(table as PgTable);
  const numbered = db
    .select({
      ...columns,
      groupKey: sql<string>`${options.groupBy}`.as('group_key'),
      rank: sql<number>`row_number() over (partition by ${options.groupBy} order by ${sql.join(page.orderBy, sql`, `)})`.as('rank'),
    })
    .from(table as PgTable)
    .where(and(where, ...page.cursor))
    .as('numbered');
  const rank = sql.raw('"numbered"."rank"');
  const rows = (await db
    .select()
    .from(numbered)
    .where(sql`${rank} <= ${page.limit}`)
    .orderBy(rank)) as unknown as (RowOf<T> & { groupKey: string; rank: number })[];
  const byGroup = new Map<string, RowOf<T>[]>(wanted.map((g) => [g, []]));
  for (const { groupKey, rank: _, ...row } of rows) byGroup.get(groupKey)?.push(row as unknown as RowOf<T>);
  let counts: Promise<Map<string, number>> | undefined;
  const countOf = async (group: string) => {
    counts ??= db
      .select({ groupKey: options.groupBy, n: count() })
      .from(table as PgTable)
      .where(where)
      .groupBy(options.groupBy)
      .then((found) => new Map(found.map((r) => [String(r.groupKey), r.n])));
    return (await counts).get(group) ?? 0;
  };
  return groups.map((group) => page.connection(byGroup.get(group) ?? [], () => countOf(group)));
}

async function countRows(db: Db, table: PgTable, where: SQL | undefined): Promise<number> {
  const [row] = await db.select({ n: count() }).from(table).where(where);
  return row?.n ?? 0;
}

/** The row's value of the sort column is the property drizzle maps that column to. */
function keysetSortOf<T extends IdTable>(table: T, sort: ListSort) {
  const key = propertyOf(table, sort.column);
  return { column: sort.column, direction: sort.direction, value: (row: RowOf<T>) => (row as Record<string, unknown>)[key] };
}

/** The property of a selected row that drizzle maps `column` to (looked up once: a page of parents asks it per parent). */
function propertyOf(table: PgTable, column: PgColumn): string {
  let key = properties.get(column);
  if (key === undefined) {
    key = Object.entries(getTableColumns(table)).find(([, c]) => c === column)?.[0];
    if (!key) throw new Error(`${column.name} is not a column of the table`);
    properties.set(column, key);
  }
  return key;
}

const properties = new WeakMap<PgColumn, string>();

export interface ChildRowsOptions {
  /** The column holding the parent's id (`orderLines.orderId`). */
  parent: PgColumn;
  /** The order of each parent's rows. */
  orderBy?: (PgColumn | SQL)[];
  /** A condition every row meets besides belonging to the parent (only SCHEDULED changes). */
  where?: SQL;
}

/**
 * The rows of `table` under one parent (an order's lines, a notice's shipments) through the
 * request's DataLoader `name`: every parent asked for in one tick loads in one query, so a list
 * field under a page of parents costs one statement. No access check: callers scope the parent.
 */
export function rowsByParent<T extends PgTable>(
  ctx: RequestContext,
  name: string,
  table: T,
  options: ChildRowsOptions,
  parentId: string,
): Promise<T['$inferSelect'][]> {
  const key = propertyOf(table, options.parent);
  return ctx.loaders
    .groupedBy<T['$inferSelect']>(
      name,
      (row) => String((row as Record<string, unknown>)[key]),
      (ids) =>
        ctx.db
          .select()
          .from(table as PgTable)
          .where(and(anyOf(options.parent, ids), options.where))
          .orderBy(...(options.orderBy ?? [])) as unknown as Promise<T['$inferSelect'][]>,
    )
    .load(parentId);
}

/**
 * A row of `table` by id through the request's DataLoader `name` (all ids asked for in one tick
 * load in one query); null for an id that is not of `prefix`'s kind or not there.
 */
export function rowById<T extends IdTable>(ctx: RequestContext, name: string, table: T, prefix: string, id: string): Promise<RowOf<T> | null> {
  if (!isId(prefix, id)) return Promise.resolve(null);
  return ctx.loaders
    .byId<RowOf<T>>(
      name,
      (ids) =>
        ctx.db
          .select()
          .from(table as PgTable)
          .where(anyOf(table.id, ids)) as unknown as Promise<RowOf<T>[]>,
    )
    .load(id);
}
