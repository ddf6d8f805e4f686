/**
 * Whether `value` as JSON would pass `maxBytes`: an estimate (strings by their UTF-16 length,
 * plus punctuation) that stops walking as soon as the budget is spent, so a huge result costs
 * no more than the budget to measure.
 */
export function exceedsBytes(value: unknown, maxBytes: number): boolean {
  let left = maxBytes;
  const walk = (v: unknown): boolean => {
    if (v === null || v === undefined) left -= 4;
    else if (typeof v === 'string') left -= v.length + 2;
    else if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') left -= String(v).length;
    else if (Array.isArray(v)) {
      left -= 2;
      for (const item of v) if (walk(item)) return true;
    } else if (typeof v === 'object') {
      left -= 2;
      for (const [k, child] of Object.entries(v as Record<string, unknown>)) {
        left -= k.length + 4;
        if (walk(child)) return true;
      }
    }
    return left < 0;
  };
  return walk(value);
}
