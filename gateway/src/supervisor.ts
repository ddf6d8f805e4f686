import { spawn, type ChildProcess } from 'node:child_process';
import { logger } from '@zhongtai/kit';

/** One process the cluster runner keeps running: a center's replica. */
export interface ProcessSpec {
  /** `orders`, or `orders#2` for its second replica: the prefix of its log lines. */
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

export interface SupervisorOptions {
  /** First restart delay; doubled for each exit in a row. Default 500 ms. */
  backoffMs?: number;
  /** Longest restart delay. Default 30 s. */
  maxBackoffMs?: number;
  /** A process that ran this long before exiting starts again from the first delay. Default 30 s. */
  stableMs?: number;
  /** How long a process may take to stop on SIGTERM before it is killed. Default 30 s. */
  stopTimeoutMs?: number;
}

interface Slot {
  spec: ProcessSpec;
  child: ChildProcess;
  startedAt: number;
  exitsInARow: number;
  restarts: number;
  restartTimer?: NodeJS.Timeout;
}

const log = logger({ center: 'cluster' });

/**
 * Starts the cluster's processes, restarts one that exits (after a delay that doubles while it
 * keeps exiting), and stops them all together. Restarting begins with `supervise()`, once the
 * cluster first came up: a process that cannot start at all is an error to report, not to retry.
 */
export class Supervisor {
  private readonly slots = new Map<string, Slot>();
  private supervising = false;
  private stopping = false;
  /** Processes that exited before `supervise()`: the cluster did not come up. */
  readonly earlyExits: { name: string; code: number | null; signal: NodeJS.Signals | null }[] = [];
  private readonly options: Required<SupervisorOptions>;

  constructor(specs: ProcessSpec[], options: SupervisorOptions = {}) {
    this.options = { backoffMs: 500, maxBackoffMs: 30_000, stableMs: 30_000, stopTimeoutMs: 30_000, ...options };
    for (const spec of specs) {
      const slot: Slot = { spec, child: undefined as never, startedAt: 0, exitsInARow: 0, restarts: 0 };
      this.slots.set(spec.name, slot);
      this.launch(slot);
    }
  }

  /** From now on a process that exits is started again. */
  supervise(): void {
    this.supervising = true;
  }

  /** The process running now under `name` (a restart replaces it). */
  child(name: string): ChildProcess {
    const slot = this.slots.get(name);
    if (!slot) throw new Error(`no process ${name}; known: ${[...this.slots.keys()].join(', ')}`);
    return slot.child;
  }

  get children(): ChildProcess[] {
    return [...this.slots.values()].map((s) => s.child);
  }

  restarts(name: string): number {
    return this.slots.get(name)?.restarts ?? 0;
  }

  /** SIGTERM to every process, SIGKILL to those still running after the stop timeout. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all([...this.slots.values()].map((slot) => this.stopSlot(slot)));
  }

  private stopSlot(slot: Slot): Promise<void> {
    clearTimeout(slot.restartTimer);
    const child = slot.child;
    return new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const kill = setTimeout(() => child.kill('SIGKILL'), this.options.stopTimeoutMs);
      child.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }

  private launch(slot: Slot): void {
    const { spec } = slot;
    // The IPC channel closes when this process dies, however: a child then stops by itself.
    const child = spawn(spec.command, spec.args, { env: spec.env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    const prefix = `[${spec.name}] `;
    child.stdout?.on('data', (d: Buffer) => process.stdout.write(prefixed(prefix, d)));
    child.stderr?.on('data', (d: Buffer) => process.stderr.write(prefixed(prefix, d)));
    child.once('exit', (code, signal) => this.exited(slot, child, code, signal));
    slot.child = child;
    slot.startedAt = Date.now();
  }

  private exited(slot: Slot, child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.stopping || slot.child !== child) return;
    if (!this.supervising) {
      this.earlyExits.push({ name: slot.spec.name, code, signal });
      return;
    }
    if (Date.now() - slot.startedAt >= this.options.stableMs) slot.exitsInARow = 0;
    const delayMs = Math.min(this.options.maxBackoffMs, this.options.backoffMs * 2 ** slot.exitsInARow);
    slot.exitsInARow++;
    log.warn('process exited; restarting', { process: slot.spec.name, code, signal, delayMs, exitsInARow: slot.exitsInARow });
    slot.restartTimer = setTimeout(() => {
      if (this.stopping) return;
      slot.restarts++;
      this.launch(slot);
    }, delayMs);
  }
}

/** Every line of a chunk gets the process's prefix (a chunk may carry several log lines). */
function prefixed(prefix: string, chunk: Buffer): string {
  const text = chunk.toString();
  return prefix + text.replace(/\n(?=.)/g, `\n${prefix}`);
}
