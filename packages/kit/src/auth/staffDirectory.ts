import type { ServiceClient } from '../serviceClient.ts';
import { staffStandings } from '../services/shops.ts';
import type { StaffStanding } from './permissions.ts';

/** Default for STAFF_CACHE_TTL_MS: a suspension or role change bites within this long. */
export const DEFAULT_STAFF_CACHE_TTL_MS = 30_000;

/**
 * Staff standings from the shops center, batched (ids asked for in the same tick go in one
 * call) and cached per process for `ttlMs`, so a suspended member's token stops working, and a
 * new role applies, within that time. Unknown ids are cached as null (a token naming nobody).
 */
export class StaffDirectory {
  private readonly cache = new Map<string, { value: Promise<StaffStanding | null>; expires: number }>();
  private pending: Map<string, { resolve: (s: StaffStanding | null) => void; reject: (e: unknown) => void }[]> | null = null;

  constructor(
    private readonly services: ServiceClient,
    readonly ttlMs: number = DEFAULT_STAFF_CACHE_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  standing(id: string): Promise<StaffStanding | null> {
    const now = this.now();
    const hit = this.cache.get(id);
    if (hit && hit.expires > now) return hit.value;
    const value = this.enqueue(id);
    this.cache.set(id, { value, expires: now + this.ttlMs });
    // A failed lookup is not remembered: the next request asks again.
    value.catch(() => this.cache.get(id)?.value === value && this.cache.delete(id));
    if (this.cache.size > 10_000) this.evictExpired(now);
    return value;
  }

  /** Forgets everything (tests; an operator's "apply now"). */
  clear(): void {
    this.cache.clear();
  }

  private enqueue(id: string): Promise<StaffStanding | null> {
    return new Promise((resolve, reject) => {
      if (!this.pending) {
        this.pending = new Map();
        queueMicrotask(() => void this.flush());
      }
      const waiters = this.pending.get(id) ?? [];
      waiters.push({ resolve, reject });
      this.pending.set(id, waiters);
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending!;
    this.pending = null;
    try {
      const { staffStandings: rows } = await this.services.call(staffStandings, { ids: [...batch.keys()] });
      const byId = new Map(rows.map((r) => [r.id, r]));
      for (const [id, waiters] of batch) for (const w of waiters) w.resolve(byId.get(id) ?? null);
    } catch (error) {
      for (const waiters of batch.values()) for (const w of waiters) w.reject(error);
    }
  }

  private evictExpired(now: number): void {
    for (const [id, entry] of this.cache) if (entry.expires <= now) this.cache.delete(id);
  }
}
