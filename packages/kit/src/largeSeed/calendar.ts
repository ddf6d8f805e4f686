/**
 * When orders were placed: two years up to a fixed "now" (reruns give the same rows), three days
 * after 双11 so the festival's orders are still on their way; growing over time, with the
 * shopping festivals of the Chinese calendar: 618 (June 1-18), 双11 (Nov 1-11, the biggest),
 * 双12, and the Spring Festival dip when couriers rest.
 */
export const DAY = 86_400_000;
export const SEED_NOW = Date.UTC(2026, 10, 14, 12, 0, 0);
export const WINDOW_DAYS = 730;
export const WINDOW_START = Date.UTC(2024, 10, 14);

/** Spring Festival (New Year's Day of the lunar calendar) in the window's years. */
const SPRING_FESTIVALS = [Date.UTC(2025, 0, 29), Date.UTC(2026, 1, 17)];

function dayWeight(day: number): number {
  const at = new Date(WINDOW_START + day * DAY);
  const month = at.getUTCMonth() + 1;
  const date = at.getUTCDate();
  let weight = 1 + day / WINDOW_DAYS; // the business grows: twice the orders at the end
  if (month === 6 && date <= 18) weight *= date === 18 ? 5 : date >= 16 ? 2.5 : 1.4;
  if (month === 11 && date <= 11) weight *= date === 11 ? 12 : date >= 9 ? 3 : 1.6;
  if (month === 12 && date === 12) weight *= 3;
  for (const festival of SPRING_FESTIVALS) {
    const offset = (at.getTime() - festival) / DAY;
    if (offset >= -7 && offset <= 7) weight *= 0.35;
  }
  return weight;
}

/** Hour of the day (UTC+8 shoppers): quiet at night, busy at lunch and in the evening. */
const HOUR_WEIGHTS = [3, 1.5, 0.8, 0.5, 0.4, 0.5, 1, 2, 3.5, 4.5, 5, 5.5, 6, 5.5, 5, 5, 5, 5, 5.5, 6.5, 8, 9, 8, 5.5];

function cumulative(weights: number[]): number[] {
  let sum = 0;
  const out = weights.map((w) => (sum += w));
  return out.map((c) => c / sum);
}

const DAY_CDF = cumulative(Array.from({ length: WINDOW_DAYS }, (_, d) => dayWeight(d)));
const HOUR_CDF = cumulative(HOUR_WEIGHTS);

function search(cdf: number[], u: number): number {
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cdf[mid]! < u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The placing time of the order at quantile `q` (0..1): orders numbered in time order follow the
 * seasonal curve; `u` places it within its day (by the hour weights).
 */
export function placedAt(q: number, u: number, v: number): number {
  const day = search(DAY_CDF, q);
  const hour = search(HOUR_CDF, u);
  const localMidnight = WINDOW_START + day * DAY - 8 * 3_600_000;
  const at = localMidnight + hour * 3_600_000 + Math.floor(v * 3_600_000);
  return Math.min(at, SEED_NOW - 60_000);
}
