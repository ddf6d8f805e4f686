import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/database.ts';

/** What pg-boss calls to run its SQL (its `db` option): here, inside our transaction. */
export interface JobsDb {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/**
 * pg-boss's statements run through a drizzle transaction, so a job is inserted if and only if the
 * transaction commits (the relay marks its outbox rows in the same one). pg-boss writes `$1`, `$2`
 * placeholders; they become drizzle parameters, in order (a placeholder used twice is sent twice).
 */
export function jobsThrough(tx: Db): JobsDb {
  return {
    async executeSql(text, values = []) {
      const result = (await tx.execute(statement(text, values))) as unknown;
      return { rows: Array.isArray(result) ? result : (result as { rows: unknown[] }).rows };
    },
  };
}

function statement(text: string, values: readonly unknown[]): SQL {
  const parts = text.split(/\$(\d+)/);
  const chunks = parts.map((part, i) => (i % 2 === 0 ? sql.raw(part) : sql`${parameter(values[Number(part) - 1])}`));
  return sql.join(chunks);
}

/** As node-postgres (pg-boss's own driver) sends them: objects as JSON, times as ISO text, nothing as null. */
function parameter(value: unknown): unknown {
  if (value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return JSON.stringify(value);
  return value;
}
