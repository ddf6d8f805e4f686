import type { AddressInfo } from 'node:net';
import { CenterHost, createCenterServer, loadConfig, logger } from '@zhongtai/kit';
import { centerNamed } from './centers.ts';

/**
 * One center as its own process: `node --import tsx gateway/src/subgraphServer.ts <center>`.
 * On PGlite each center process keeps its own database directory (a center only ever reads its
 * own schema, so nothing is lost by splitting); with DATABASE_URL they share the server.
 */
const name = process.argv[2];
if (!name) {
  logger().error('usage: subgraphServer.ts <center>');
  process.exit(2);
}
const definition = centerNamed(name);
const config = loadConfig();
const host = await CenterHost.open({
  config,
  pgliteDir: config.dataDir === 'memory' ? 'memory' : `${config.dataDir}/pglite-${name}`,
});
await host.start([definition]);
const server = createCenterServer(host.center(name), host.database);
server.listen(config.port, config.host, () => {
  logger({ center: name }).info('subgraph listening', { url: `http://${config.host}:${(server.address() as AddressInfo).port}/graphql` });
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close();
    // Fire-and-forget: a signal handler cannot await; the process exits once the host is closed.
    void host.close().finally(() => process.exit(0));
  });
}
