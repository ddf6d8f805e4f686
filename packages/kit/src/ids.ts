import { randomBytes } from 'node:crypto';

/**
 * Entity ids: `<prefix>_<26 chars>`, a ULID (time-ordered, Crockford base32). The prefix tells
 * the entity kind, so a malformed or misplaced id is refused before any SQL runs.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function encode(value: bigint, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    out = ALPHABET[Number(value & 31n)] + out;
    value >>= 5n;
  }
  return out;
}

export function newId(prefix: string, now = Date.now()): string {
  const random = BigInt('0x' + randomBytes(10).toString('hex'));
  return `${prefix}_${encode(BigInt(now), 10)}${encode(random, 16)}`;
}

/** Deterministic ids for demo data: the same `n` gives the same id in every process. */
export function seedId(prefix: string, n: number): string {
  const epoch = Date.UTC(2024, 0, 1);
  return `${prefix}_${encode(BigInt(epoch), 10)}${encode(BigInt(n), 16)}`;
}

export function isId(prefix: string, value: string): boolean {
  return value.length === prefix.length + 27 && value.startsWith(prefix + '_') && /^[0-9A-HJKMNP-TV-Z]{26}$/.test(value.slice(prefix.length + 1));
}
