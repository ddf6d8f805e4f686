import { eq, gte, lt, type AnyColumn, type SQL } from 'drizzle-orm';

/**
 * A list's filter as conditions: `column = value` for each field named in `columns` that the
 * caller set. Unset fields (null, undefined, '') add nothing, so an empty filter lists everything.
 */
export function equalTo<F extends object>(filter: F, columns: { [K in keyof F]?: AnyColumn }): SQL[] {
  const conditions: SQL[] = [];
  for (const field of Object.keys(columns) as (keyof F)[]) {
    const column = columns[field];
    const value = filter[field];
    if (column && value !== undefined && value !== null && value !== '') conditions.push(eq(column, value));
  }
  return conditions;
}

/**
 * `from <= column < to`, each bound only when given. Half-open, so consecutive periods (one day,
 * the next) never count a row twice.
 */
export function inPeriod(column: AnyColumn, from?: Date | null, to?: Date | null): SQL[] {
  return [from ? gte(column, from) : undefined, to ? lt(column, to) : undefined].filter((c): c is SQL => c !== undefined);
}
