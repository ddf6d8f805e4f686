import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadConfig, logger, subgraphUrlsFromEnv, type DrainOptions } from '@zhongtai/kit';
import { startDistributedGateway, type RunningGraph } from './app.ts';
import { CENTERS } from './centers.ts';
import { devTokens } from './devTokens.ts';
import { onStopSignal } from './stopSignal.ts';
import { Supervisor, type ProcessSpec, type SupervisorOptions } from './supervisor.ts';

/**
 * Cluster mode: every center its own process and port, the gateway over HTTP with a timeout on
 * each subgraph call. `portOffset` shifts the subgraph ports (4101, 4102, ...) so tests can run
 * beside a running instance. A center given `replicas` runs as that many processes (PostgreSQL
 * only), the n-th at its port + 100 * (n - 1) (orders: 4107, 4207, ...); the gateway and the
 * service clients take them in turn. A process that exits is restarted (supervisor.ts).
 */
export interface Cluster {
  graph: RunningGraph;
  processes: Supervisor;
  /** The subgraph processes running now. */
  readonly children: ChildProcess[];
  /** The gateway first (gracefully when `drain` is given), then every subgraph process (SIGTERM). */
  stop(drain?: DrainOptions): Promise<void>;
}

export interface ClusterOptions {
  env?: NodeJS.ProcessEnv;
  portOffset?: number;
  gatewayPort?: number;
  /** Processes per center (default 1), e.g. `{ orders: 2, payments: 2 }`. */
  replicas?: Record<string, number>;
  supervisor?: SupervisorOptions;
}

export const REPLICA_PORT_STEP = 100;

/** The name of a center's n-th process (n from 1): `orders`, `orders#2`, ... */
export const replicaName = (center: string, n: number) => (n === 1 ? center : `${center}#${n}`);

export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const baseEnv = { ...process.env, ...options.env };
  const offset = options.portOffset ?? 0;
  const replicas = options.replicas ?? {};
  for (const [center, count] of Object.entries(replicas)) {
    if (!CENTERS.some((c) => c.definition.name === center)) throw new Error(`--replicas: unknown center ${center}`);
    if (!Number.isInteger(count) || count < 1) throw new Error(`--replicas: ${center} needs a whole number of processes, got ${count}`);
    // On PGlite each process has a database of its own: two replicas would be two shops.
    if (count > 1 && !baseEnv.DATABASE_URL) throw new Error(`--replicas ${center}=${count} needs DATABASE_URL: replicas share one PostgreSQL`);
  }
  const ports = new Map(
    CENTERS.map((c) => [c.definition.name, Array.from({ length: replicas[c.definition.name] ?? 1 }, (_, i) => c.port + offset + REPLICA_PORT_STEP * i)]),
  );
  const urls = new Map(
    CENTERS.map((c) => {
      const given = subgraphUrlsFromEnv(c.definition.name, baseEnv);
      return [c.definition.name, given.length ? given : ports.get(c.definition.name)!.map((port) => `http://127.0.0.1:${port}/graphql`)];
    }),
  );
  const urlEnv = Object.fromEntries([...urls].map(([name, list]) => [`SUBGRAPH_URL_${name.toUpperCase()}`, list.join(',')]));
  const entry = fileURLToPath(new URL('./subgraphServer.ts', import.meta.url));
  const specs: ProcessSpec[] = CENTERS.flatMap(({ definition }) =>
    ports.get(definition.name)!.map((port, i) => ({
      name: replicaName(definition.name, i + 1),
      command: process.execPath,
      args: ['--max-semi-space-size=64', '--import', 'tsx', entry, definition.name],
      env: { ...baseEnv, ...urlEnv, PORT: String(port) },
    })),
  );
  const processes = new Supervisor(specs, options.supervisor);
  try {
    const readyUrls = [...urls.values()].flat().map((url) => url.replace(/\/graphql$/, '/ready'));
    await Promise.all(readyUrls.map((url) => waitForReady(url, processes)));
    processes.supervise();
    const config = loadConfig(baseEnv);
    const graph = await startDistributedGateway({ config, urlsFor: (name) => urls.get(name)!, port: options.gatewayPort });
    return {
      graph,
      processes,
      get children() {
        return processes.children;
      },
      async stop(drain) {
        await graph.stop(drain);
        await processes.stop();
      },
    };
  } catch (error) {
    await processes.stop();
    throw error;
  }
}

// Every process boots its own PGlite (WASM) and migrates at once: boot time grows with the number of centers.
const READY_TIMEOUT_MS = Math.max(170_000, CENTERS.length * 30_000);

async function waitForReady(url: string, processes: Supervisor, timeoutMs = READY_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const dead = processes.earlyExits[0];
    if (dead) throw new Error(`subgraph process ${dead.name} exited with code ${dead.code ?? dead.signal}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms`);
}

/** `orders=2,payments=2` as `{ orders: 2, payments: 2 }`. */
export function parseReplicas(text: string | undefined): Record<string, number> {
  if (!text) return {};
  return Object.fromEntries(
    text
      .split(',')
      .filter(Boolean)
      .map((part) => {
        const [center, count] = part.split('=');
        if (!center || count === undefined || !/^\d+$/.test(count.trim())) throw new Error(`--replicas: expected center=N, got ${part}`);
        return [center.trim(), Number(count)];
      }),
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const config = loadConfig();
  const log = logger({ center: 'gateway' });
  const flag = (name: string) => {
    const at = process.argv.indexOf(name);
    return at > 0 ? process.argv[at + 1] : undefined;
  };
  // `--port-offset N` shifts the subgraph ports (the benchmark runs its cluster beside a dev one);
  // `--replicas orders=2,payments=2` runs those centers as several processes.
  const replicas = parseReplicas(flag('--replicas'));
  const cluster = await startCluster({ portOffset: Number(flag('--port-offset') ?? 0), replicas });
  log.info('zhongtai cluster ready', { url: cluster.graph.url, subgraphProcesses: cluster.children.length, replicas });
  for (const [role, token] of Object.entries(await devTokens(cluster.graph.tokens, config.production)))
    process.stdout.write(`dev token ${role}: Bearer ${token}\n`); // for the developer, not the log (which redacts tokens)
  // The cluster stops as a whole: the gateway drains, then every subgraph process drains and exits.
  onStopSignal(log, config, () => cluster.stop({ graceMs: config.shutdownGraceMs, timeoutMs: config.shutdownTimeoutMs }));
}
