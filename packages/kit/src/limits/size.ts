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
      // for-in, not Object.entries: every response passes here, and an array per object was a tenth of a large answer's CPU in GC.
      const record = v as Record<string, unknown>;
      for (const k in record) {
        left -= k.length + 4;
        if (walk(record[k])) return true;
      }
    }
    return left < 0;
  };
  return walk(value);
}
