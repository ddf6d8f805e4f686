import cluster from 'node:cluster';
import { loadConfig, logger } from '@zhongtai/kit';
import { onStopSignal } from './stopSignal.ts';
import { announceReady, isFirstWorker, runWorkers } from './workers.ts';

/** `pnpm start`: the whole graph in one process, on PGlite unless DATABASE_URL is set (WORKERS=n: n processes on PostgreSQL). */
const config = loadConfig();
const log = logger({ center: 'gateway' });
if (config.workers > 1 && cluster.isPrimary) {
  await runWorkers(config, log);
} else {
  await serveGraph();
}

async function serveGraph(): Promise<void> {
  // Loaded here, not above: the primary of WORKERS only forks, and needs none of the centers.
  const { startAllInOne } = await import('./app.ts');
  const { devTokens } = await import('./devTokens.ts');
  const { demoOrderCount, seedDemoOrders } = await import('./demoOrders.ts');
  const started = Date.now();
  const graph = await startAllInOne({ config });
  const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : config.dataDir === 'memory' ? 'in-memory PGlite' : `PGlite in ${config.dataDir}/pglite`;
  const origin = new URL(graph.url).origin;
  log.info('zhongtai graph ready', {
    seconds: Number(((Date.now() - started) / 1000).toFixed(1)),
    database: where,
    url: graph.url,
    health: `${origin}/health`,
    readiness: `${origin}/ready`,
    host: config.host,
  });
  announceReady();
  // One worker speaks for all: the tokens are the same, and the demo orders go in once.
  if (isFirstWorker()) {
    const tokens = await devTokens(graph.tokens, config.production);
    // Printed for the developer, not logged: the log redacts every token.
    for (const [role, token] of Object.entries(tokens)) process.stdout.write(`dev token ${role}: Bearer ${token}\n`);
  }

  // In the background, after the graph answers: the graph keeps serving while the orders go in.
  const demoOrders = isFirstWorker() ? demoOrderCount() : 0;
  if (demoOrders > 0 && graph.host) {
    const seeding = Date.now();
    seedDemoOrders(graph.host, { count: demoOrders }).then(
      (result) => log.info('demo orders seeded', { ...result, seconds: Math.round((Date.now() - seeding) / 1000) }),
      (error: Error) => log.error('demo orders stopped', { error: error.message }),
    );
  }

  // SIGTERM: readiness 503 for the grace period, then the port closes, requests in flight finish,
  // the job workers end their current job, the relay publishes what those requests wrote, the pools close.
  onStopSignal(log, config, () => graph.stop({ graceMs: config.shutdownGraceMs, timeoutMs: config.shutdownTimeoutMs }));
}
