import cluster, { type Worker } from 'node:cluster';
import type { Config, Logger } from '@zhongtai/kit';

/** What a worker tells the primary once its graph answers. */
export const WORKER_READY = 'zhongtai:ready';

/**
 * `WORKERS=n pnpm start` on PostgreSQL: the primary forks n processes that each serve the whole
 * graph on the same port (node:cluster hands connections round robin). The first starts alone: it
 * migrates, seeds and prints the dev tokens; the others start once it answers. Every worker runs
 * the relay and job workers too: pg-boss hands each job to one of them, as for a center's replicas
 * in cluster mode. SIGTERM or SIGINT is passed on; the primary exits when every worker has stopped,
 * and a worker that dies is not replaced (a supervisor above restarts the whole).
 */
export async function runWorkers(config: Config, log: Logger): Promise<void> {
  if (!config.databaseUrl) throw new Error('WORKERS > 1 needs DATABASE_URL: an embedded PGlite belongs to one process');
  const fork = () =>
    new Promise<Worker>((resolve, reject) => {
      const worker = cluster.fork();
      worker.on('message', (message: unknown) => message === WORKER_READY && resolve(worker));
      worker.on('exit', (code) => reject(new Error(`worker ${worker.id} exited with code ${code} before it was ready`)));
    });
  const first = await fork();
  log.info('first worker ready', { pid: first.process.pid });
  await Promise.all(Array.from({ length: config.workers - 1 }, fork));
  log.info('zhongtai graph ready', { workers: config.workers, port: config.port });
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.on(signal, () => {
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    });
  cluster.on('exit', (worker, code) => {
    log.info('worker stopped', { worker: worker.id, code });
    if (!Object.keys(cluster.workers ?? {}).length) process.exit(code ?? 0);
  });
}

/** In a worker of runWorkers: whether it is the first (the one that prints tokens and seeds demo orders). */
export const isFirstWorker = () => !cluster.isWorker || cluster.worker?.id === 1;

/** In a worker: tells the primary the graph answers. */
export function announceReady(): void {
  if (cluster.isWorker) process.send?.(WORKER_READY);
}
