import { seedId } from '../ids.ts';

/**
 * Generated rows use the kit's deterministic ids from 2^40 up: far above the demo seed's small
 * numbers (so both live side by side), still valid ids for every center's `isId` check.
 * Child rows of an order are numbered `order * 8 + k` (an order has at most 6 lines and 7 status
 * changes).
 */
export const BASE = 2 ** 40;
export const PER_ORDER = 8;

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const heads = new Map<string, string>();

/** `seedId(prefix, n)` without BigInt (millions of ids per stage): the same string for n < 2^53. */
function fastSeedId(prefix: string, n: number): string {
  let head = heads.get(prefix);
  if (head === undefined) heads.set(prefix, (head = seedId(prefix, 0).slice(0, -16)));
  let tail = '';
  for (let i = 0; i < 16; i++) {
    tail = ALPHABET[n % 32] + tail;
    n = Math.floor(n / 32);
  }
  return head + tail;
}

export const bigId = (prefix: string, n: number) => fastSeedId(prefix, BASE + n);
export const childId = (prefix: string, parent: number, k: number) => fastSeedId(prefix, BASE + parent * PER_ORDER + k);
