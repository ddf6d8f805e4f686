/** The row a statement had to return (an INSERT ... RETURNING, a row just read under lock): its absence is a bug, said so. */
export function present<T>(row: T | undefined | null, what: string): T {
  if (row === undefined || row === null) throw new Error(`expected ${what}, found none`);
  return row;
}
