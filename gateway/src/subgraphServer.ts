import type { AddressInfo } from 'node:net';
import { CenterHost, createCenterServer, loadConfig, logger, serverLifecycle } from '@zhongtai/kit';
import { centerNamed } from './centers.ts';
import { onStopSignal } from './stopSignal.ts';

/**
 * One center as its own process: `node --import tsx gateway/src/subgraphServer.ts <center>`.
 * On PGlite each center process keeps its own database directory (a center only ever reads its
 * own schema, so nothing is lost by splitting); with DATABASE_URL they share the server, and the
 * same center may run as several processes (replicas).
 */
const name = process.argv[2];
if (!name) {
  logger().error('usage: subgraphServer.ts <center>');
  process.exit(2);
}
const definition = centerNamed(name);
const config = loadConfig();
const log = logger({ center: name });
const host = await CenterHost.open({
  config,
  pgliteDir: config.dataDir === 'memory' ? 'memory' : `${config.dataDir}/pglite-${name}`,
});
await host.start([definition]);
const server = createCenterServer(host.center(name), host.database);
server.listen(config.port, config.host, () => {
  log.info('subgraph listening', { url: `http://${config.host}:${(server.address() as AddressInfo).port}/graphql`, pid: process.pid });
});

// SIGTERM: readiness 503, the port closed after the grace period, requests in flight finished,
// then the workers, the relay's last pass and the pools.
onStopSignal(log, config, async () => {
  const { cut } = await serverLifecycle(server).drain({ graceMs: config.shutdownGraceMs, timeoutMs: config.shutdownTimeoutMs });
  if (cut) log.warn('requests cut at the shutdown deadline', { requests: cut });
  await host.close();
});
