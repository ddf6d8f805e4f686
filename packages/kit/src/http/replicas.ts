/**
 * A center run as several processes: its replicas' URLs, taken in turn (round robin). A replica
 * that refused a connection is passed over for a while; the request goes to the next one. Only a
 * refused connection moves a request on: the replica never saw it. A reset or a timeout after the
 * request was sent may have done its work, so that error goes to the caller as it is (a mutation
 * is not sent twice behind its back).
 */
export class Replicas {
  private next = 0;
  private readonly downUntil = new Map<string, number>();

  constructor(
    readonly urls: readonly string[],
    /** How long a replica that refused is passed over before it is tried again. */
    private readonly downForMs = 2000,
    private readonly now: () => number = Date.now,
  ) {
    if (!urls.length) throw new Error('a replica set needs at least one URL');
  }

  /** Every URL, starting with this request's turn; replicas seen down recently go last. */
  order(): string[] {
    const start = this.next++ % this.urls.length;
    const turn = [...this.urls.slice(start), ...this.urls.slice(0, start)];
    const now = this.now();
    const up = turn.filter((url) => (this.downUntil.get(url) ?? 0) <= now);
    return [...up, ...turn.filter((url) => !up.includes(url))];
  }

  markDown(url: string): void {
    this.downUntil.set(url, this.now() + this.downForMs);
  }

  markUp(url: string): void {
    this.downUntil.delete(url);
  }

  /**
   * `send(url)` to each replica in turn until one accepts the connection; the last refusal is
   * thrown when none does.
   */
  async send<T>(send: (url: string) => Promise<T>): Promise<T> {
    let refused: unknown;
    for (const url of this.order()) {
      try {
        const result = await send(url);
        this.markUp(url);
        return result;
      } catch (error) {
        if (!connectionRefused(error)) throw error;
        this.markDown(url);
        refused = error;
      }
    }
    throw refused;
  }
}

/** fetch's "connection refused" (undici puts the socket error in `cause`): nothing was sent. */
export function connectionRefused(error: unknown): boolean {
  for (let e = error as { code?: string; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    if (e.code === 'ECONNREFUSED') return true;
  }
  return false;
}
