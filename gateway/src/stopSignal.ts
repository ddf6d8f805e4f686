import type { Config, Logger } from '@zhongtai/kit';

/**
 * Stops the process once on SIGTERM or SIGINT (a second signal does not kill it halfway through),
 * or when the cluster runner that started it is gone (its IPC channel closes): `stop` runs, then
 * the process exits 0, or 1 when stopping failed or outlived its deadline.
 */
export function onStopSignal(log: Logger, config: Pick<Config, 'shutdownGraceMs' | 'shutdownTimeoutMs'>, stop: () => Promise<void>): void {
  let stopping = false;
  const begin = (reason: string) => {
    if (stopping) return log.info('already stopping', { reason });
    stopping = true;
    log.info('stopping', { reason });
    // The workers' and the pools' own waits come after the requests'; past all of them, give up.
    const deadline = setTimeout(
      () => {
        log.error('stopping took too long; exiting');
        process.exit(1);
      },
      config.shutdownGraceMs + config.shutdownTimeoutMs + 20_000,
    );
    deadline.unref();
    stop().then(
      () => {
        log.info('stopped', { reason });
        process.exit(0);
      },
      (error: unknown) => {
        log.error('stopping failed', { error });
        process.exit(1);
      },
    );
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => begin(signal));
  if (process.send) process.on('disconnect', () => begin('the cluster runner is gone'));
}
