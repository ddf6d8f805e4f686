import { notFound } from '../errors.ts';

/**
 * An entity as a reference: its key, for the gateway to fetch its fields from the center that
 * owns them. The parent type of a center's field on another center's entity (generated mappers).
 */
export interface EntityRef {
  __typename?: string;
  id: string;
}

/**
 * The row a non-null field points to. A dangling reference answers NOT_FOUND at that field,
 * rather than a null in a non-null field (a masked internal error).
 */
export function existing<T>(row: T | null | undefined, type: string, id: string): T {
  if (row == null) throw notFound(type, id);
  return row;
}
