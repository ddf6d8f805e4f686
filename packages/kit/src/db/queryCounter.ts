/**
 * Counts SQL statements per center. Tests read it to prove batching (one query in shops for a
 * page of SKUs), benchmarks read it to report statements per request.
 */
export class QueryCounter {
  private readonly counts = new Map<string, number>();

  increment(center: string): void {
    this.counts.set(center, (this.counts.get(center) ?? 0) + 1);
  }

  count(center: string): number {
    return this.counts.get(center) ?? 0;
  }

  total(): number {
    let sum = 0;
    for (const n of this.counts.values()) sum += n;
    return sum;
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }

  reset(): void {
    this.counts.clear();
  }
}

export const queryCounter = new QueryCounter();
