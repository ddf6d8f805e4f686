/**
 * Reads PostgreSQL error codes through both drivers: drizzle wraps driver errors in `cause`;
 * postgres.js names the constraint `constraint_name`, PGlite `constraint`.
 */
interface PgErrorLike {
  code?: string;
  constraint?: string;
  constraint_name?: string;
  cause?: unknown;
}

function pgError(error: unknown): PgErrorLike | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 4; depth++) {
    const e = current as PgErrorLike;
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e;
    current = e.cause;
  }
  return undefined;
}

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = pgError(error);
  if (e?.code !== '23505') return false;
  return !constraint || (e.constraint ?? e.constraint_name) === constraint;
}

export function violatedConstraint(error: unknown): string | undefined {
  const e = pgError(error);
  return e ? (e.constraint ?? e.constraint_name) : undefined;
}
