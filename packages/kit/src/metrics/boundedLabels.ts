/**
 * Label values a caller chooses (operation names, error codes) with a bounded set: every series is
 * memory in this process and in Prometheus, so a caller sending random operation names must not
 * create a series each. Known values always pass; others pass while fewer than `limit` distinct
 * ones were seen, then fall to `other`. Values outside `pattern` are `other` at once.
 */
export class BoundedLabels {
  private readonly admitted = new Set<string>();

  constructor(
    private readonly known: ReadonlySet<string>,
    private readonly limit: number,
    private readonly pattern: RegExp = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/,
  ) {}

  label(value: string): string {
    if (this.known.has(value) || this.admitted.has(value)) return value;
    if (!this.pattern.test(value) || this.admitted.size >= this.limit) return OTHER;
    this.admitted.add(value);
    return value;
  }
}

export const OTHER = 'other';
