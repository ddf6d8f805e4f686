import type { Server, ServerResponse } from 'node:http';

export interface DrainOptions {
  /** How long to keep serving (readiness 503) before the port closes: routers take the process out meanwhile. */
  graceMs: number;
  /** How long requests in flight may still take once the port is closed; then their connections are cut. */
  timeoutMs: number;
}

export interface DrainResult {
  /** Requests still running when the deadline cut them (0 when every one finished). */
  cut: number;
}

/**
 * The life of an HTTP server past SIGTERM: `draining` turns on (readiness answers 503, every
 * response closes its connection so no client keeps a socket to a process on its way out), the
 * port stays open for the grace period, then closes, and requests in flight finish up to the
 * deadline. One per server (`serverLifecycle(server)`), made by the server's factory so its
 * readiness route can read it.
 */
export class ServerLifecycle {
  private readonly responses = new Set<ServerResponse>();
  /** Work a request started that may outlive its response (a caller that gave up: its socket closed, its work still unwinding). */
  private readonly work = new Set<Promise<unknown>>();
  private idle: (() => void) | undefined;
  private drainingSince: number | undefined;
  private drained: Promise<DrainResult> | undefined;

  constructor(private readonly server: Server) {
    // Before the server's own handler: a response it writes at once must already say "close".
    server.prependListener('request', (_req, res: ServerResponse) => {
      this.responses.add(res);
      if (this.draining) res.setHeader('connection', 'close');
      res.once('close', () => {
        this.responses.delete(res);
        this.settled();
      });
    });
  }

  /** Counts `work` as in flight until it settles: the pools it uses stay open until then. */
  track<T>(work: Promise<T>): Promise<T> {
    this.work.add(work);
    const done = () => {
      this.work.delete(work);
      this.settled();
    };
    work.then(done, done);
    return work;
  }

  private settled(): void {
    if (this.requestsInFlight === 0) this.idle?.();
  }

  get draining(): boolean {
    return this.drainingSince !== undefined;
  }

  get requestsInFlight(): number {
    return this.responses.size + this.work.size;
  }

  /** Drains once; a second call (a second signal) waits for the first. */
  drain(options: DrainOptions): Promise<DrainResult> {
    this.drained ??= this.run(options);
    return this.drained;
  }

  private async run({ graceMs, timeoutMs }: DrainOptions): Promise<DrainResult> {
    this.drainingSince = Date.now();
    // Kept-alive sockets would carry a client's next request to a process on its way out: the
    // idle ones close now, the busy ones after the answer they are waiting for.
    this.server.closeIdleConnections();
    for (const res of this.responses) if (!res.headersSent) res.setHeader('connection', 'close');
    if (graceMs > 0) await new Promise((resolve) => setTimeout(resolve, graceMs));
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    if (this.requestsInFlight > 0) {
      const finished = new Promise<void>((resolve) => (this.idle = resolve));
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
      await Promise.race([finished, deadline]);
      clearTimeout(timer);
    }
    const cut = this.requestsInFlight;
    this.server.closeAllConnections();
    await closed;
    return { cut };
  }
}

const lifecycles = new WeakMap<Server, ServerLifecycle>();

/** The server's lifecycle, made on first use. */
export function serverLifecycle(server: Server): ServerLifecycle {
  let lifecycle = lifecycles.get(server);
  if (!lifecycle) {
    lifecycle = new ServerLifecycle(server);
    lifecycles.set(server, lifecycle);
  }
  return lifecycle;
}
