import { createHash } from 'node:crypto';
import { isUniqueViolation } from './db/pgErrors.ts';

/**
 * Idempotency keys: a retried request with the same key gets the first result, and the same key
 * with different input is refused. The fingerprint is what "the same input" means: a SHA-256 of
 * the request as canonical JSON (object keys sorted, bigints as strings), stored next to the key.
 */
export function requestFingerprint(request: unknown): string {
  return createHash('sha256').update(canonicalJson(request)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (typeof value === 'bigint') return JSON.stringify(value.toString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * How a request with an idempotency key came out: `taken`, this request holds the key now (and
 * `value` is what taking it returned); `repeat`, the same request holds it (answer as it was
 * answered); `reused`, another request holds it (refuse the key).
 */
export type KeyClaim<Holder, Taken> = { kind: 'taken'; value: Taken } | { kind: 'repeat'; holder: Holder } | { kind: 'reused'; holder: Holder };

export interface ClaimKeyOptions<Holder, Taken> {
  /** The unique index on the key: its violation means another request took the key first. */
  constraint: string;
  /** Takes the key: inserts the row that holds it (with whatever else must be written with it). */
  take: () => Promise<Taken>;
  /** Reads the row that holds the key, if any. */
  holder: () => Promise<Holder | undefined>;
  /** Whether the holder was made by the same request (compare stored fingerprints). */
  sameRequest: (holder: Holder) => boolean;
  /** Read the holder before taking: for keys that are mostly retried, or whose take must not run twice. */
  lookFirst?: boolean;
  /** Undoes what was done for a take that lost the race (e.g. a provider payment nobody will see). */
  lost?: () => Promise<void>;
}

/**
 * The race-safe idempotency claim: take the key by insert and let the unique index decide
 * between concurrent requests (never read-then-insert alone). The loser reads the winner's row
 * and is told whether it is a repeat of the same request or a key reused for another one. When
 * the holder is gone by then (it gave its key up), the key is taken again.
 */
export async function claimIdempotencyKey<Holder, Taken>(options: ClaimKeyOptions<Holder, Taken>): Promise<KeyClaim<Holder, Taken>> {
  const answer = (holder: Holder): KeyClaim<Holder, Taken> => (options.sameRequest(holder) ? { kind: 'repeat', holder } : { kind: 'reused', holder });
  if (options.lookFirst) {
    const earlier = await options.holder();
    if (earlier) return answer(earlier);
  }
  for (let attempt = 0; ; attempt++) {
    try {
      return { kind: 'taken', value: await options.take() };
    } catch (error) {
      if (!isUniqueViolation(error, options.constraint)) throw error;
    }
    const holder = await options.holder();
    if (holder) {
      await options.lost?.();
      return answer(holder);
    }
    if (attempt >= 3) throw new Error(`idempotency key under ${options.constraint} keeps changing hands`);
  }
}
