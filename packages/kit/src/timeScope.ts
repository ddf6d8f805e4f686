import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * An "as-of" time for everything one piece of work does: the demo seeder places an order as at
 * 60 days ago, and the rows, events and follow-up work of that order carry that time. Outside a
 * scope nothing reads it and every clock is the real one.
 */
const asOf = new AsyncLocalStorage<number>();

/** Runs `fn` (and everything it awaits, in-process service calls included) as at `instant`. */
export function withTimeAt<T>(instant: Date, fn: () => T): T {
  return asOf.run(instant.getTime(), fn);
}

/** The scoped instant, or undefined outside any scope. */
export function scopedTime(): Date | undefined {
  const at = asOf.getStore();
  return at === undefined ? undefined : new Date(at);
}

let travelling = 0;

/**
 * Runs `fn` while work dated in the past is under way (the demo seeder). Meanwhile the scheduled
 * sweeps (`cron` jobs) wait: they compare stored times with the real clock, so a reservation or a
 * checkout placed "60 days ago" a second ago would look long overdue and be released or failed
 * under the seeder's feet. A skipped sweep runs at its next tick; nothing else changes.
 */
export async function whileTimeTravelling<T>(fn: () => Promise<T>): Promise<T> {
  travelling++;
  try {
    return await fn();
  } finally {
    travelling--;
  }
}

/** True while `whileTimeTravelling` work is under way in this process. */
export const timeTravelling = (): boolean => travelling > 0;
