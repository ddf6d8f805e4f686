import { seedId } from '@zhongtai/kit';

/**
 * Generated rows use the kit's deterministic ids from 2^40 up: far above the demo seed's small
 * numbers (so both live side by side), still valid ids for every center's `isId` check.
 * Child rows of an order are numbered `order * 8 + k` (an order has at most 6 lines and 7 status
 * changes).
 */
export const BASE = 2 ** 40;
export const PER_ORDER = 8;

export const bigId = (prefix: string, n: number) => seedId(prefix, BASE + n);
export const childId = (prefix: string, parent: number, k: number) => seedId(prefix, BASE + parent * PER_ORDER + k);

/** Every id this scheme can produce for `prefix` sorts between these two. */
export const idRange = (prefix: string) => [seedId(prefix, BASE), seedId(prefix, BASE * 2)] as const;
