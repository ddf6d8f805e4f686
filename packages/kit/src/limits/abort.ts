import { AsyncLocalStorage } from 'node:async_hooks';
import { limitError } from './errors.ts';

/**
 * The signal of the request whose work is running, carried through every await of it: the
 * Db's statement hook and the loaders check it, so once a request is aborted (its deadline
 * passed, the gateway gave up, the client went away) it starts no further SQL statement and
 * no further batch. Statements already sent finish; nothing new follows them.
 */
const current = new AsyncLocalStorage<AbortSignal>();

export function runWithSignal<T>(signal: AbortSignal, work: () => T): T {
  return current.run(signal, work);
}

export function currentSignal(): AbortSignal | undefined {
  return current.getStore();
}

/** Throws REQUEST_TIMEOUT when `signal` (default: the running request's) was aborted. */
export function throwIfAborted(signal: AbortSignal | undefined = current.getStore()): void {
  if (signal?.aborted) throw abortedError(signal);
}

export function abortedError(signal: AbortSignal) {
  const reason = signal.reason instanceof Error && signal.reason.message ? signal.reason.message : 'the request was aborted';
  return limitError('REQUEST_TIMEOUT', `Request stopped: ${reason}.`);
}

export interface Deadline {
  readonly signal: AbortSignal;
  /**
   * The request is answered: the signal will never fire (work it started in the background,
   * e.g. an event relay woken by it, carries its async context on and must not be cut).
   */
  dispose(): void;
  /** Gives up now (the client went away). */
  abort(reason: Error): void;
}

/** A deadline of `ms` plus, when given, the caller's own signal. */
export function deadline(ms: number, parent?: AbortSignal): Deadline {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`deadline of ${ms} ms passed (REQUEST_TIMEOUT_MS)`)), ms);
  timer.unref?.();
  const onParent = () => controller.abort(parent?.reason);
  if (parent?.aborted) onParent();
  else parent?.addEventListener('abort', onParent, { once: true });
  return {
    signal: controller.signal,
    dispose() {
      clearTimeout(timer);
      parent?.removeEventListener('abort', onParent);
    },
    abort(reason) {
      clearTimeout(timer);
      controller.abort(reason);
    },
  };
}
