import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CENTERS } from '@zhongtai/gateway';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HIVE_BIN = fileURLToPath(new URL('../node_modules/.bin/hive-gateway', import.meta.url));
const HIVE_CONFIG = fileURLToPath(new URL('./hive/gateway.config.ts', import.meta.url));
/** Mode (e): the same Hive Gateway with Hive Router's Rust query planner and executor. */
const HIVE_RUST_CONFIG = fileURLToPath(new URL('./hive/gateway.rust.config.ts', import.meta.url));

/** A graph the runner started: where to send GraphQL, which /metrics to read, which process tree is its. */
export interface Served {
  mode: 'a' | 'b' | 'c' | 'e';
  url: string;
  /** /metrics of every process that runs SQL for this mode (none of Hive's own). */
  metricsUrls: string[];
  /** Answers at once when the gateway process is idle: used to wait out a run's backlog. */
  healthUrl: string;
  /** Root of the process tree whose memory counts for this mode. */
  pids: () => number[];
  stop(): Promise<void>;
}

export interface Ports {
  /** Added to 4000 (all-in-one), 4001 (cluster gateway), 4002 (Hive), 4003 (Hive + Rust planner) and to the subgraph ports 4101...; default 20000. */
  offset: number;
}

const SUBGRAPH_PORTS = CENTERS.map((c) => c.port);
/** How many processes of the cluster open PostgreSQL connections: one per center. */
export const CLUSTER_CENTER_PROCESSES = CENTERS.length;

/** (a) `pnpm start`: the gateway and every center in one process. */
export async function startAllInOne(databaseUrl: string | undefined, ports: Ports): Promise<Served> {
  const port = 4000 + ports.offset;
  // DEMO_ORDERS=0: `pnpm start` would otherwise place 500 demo orders in the background on every
  // start (a bench database never records them done), competing with the measured load.
  const child = node(['gateway/src/main.ts'], { ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}), PORT: String(port), DEMO_ORDERS: '0' }, 'a');
  await waitForReady(`http://127.0.0.1:${port}/ready`, child);
  return {
    mode: 'a',
    url: `http://127.0.0.1:${port}/graphql`,
    healthUrl: `http://127.0.0.1:${port}/health`,
    metricsUrls: [`http://127.0.0.1:${port}/metrics`],
    // The tree: with WORKERS=n the graph is served by the primary's children.
    pids: () => processTree(child.pid!),
    stop: () => stop(child),
  };
}

/** (b) `pnpm start:cluster`: a process per center and our gateway over HTTP to them. */
export async function startCluster(databaseUrl: string, ports: Ports, pools: { poolSize: number; jobsPoolSize: number }): Promise<Served> {
  const port = 4001 + ports.offset;
  const child = node(
    ['gateway/src/cluster.ts', '--port-offset', String(ports.offset)],
    { DATABASE_URL: databaseUrl, PORT: String(port), DATABASE_POOL_SIZE: String(pools.poolSize), JOBS_POOL_SIZE: String(pools.jobsPoolSize) },
    'b',
  );
  // A cluster that never got ready is not the runner's yet: stop it here, or its nine processes outlive the run.
  await waitForReady(`http://127.0.0.1:${port}/ready`, child, 600_000).catch(async (error: unknown) => {
    await stop(child);
    throw error;
  });
  return {
    mode: 'b',
    url: `http://127.0.0.1:${port}/graphql`,
    healthUrl: `http://127.0.0.1:${port}/health`,
    metricsUrls: [port, ...SUBGRAPH_PORTS.map((p) => p + ports.offset)].map((p) => `http://127.0.0.1:${p}/metrics`),
    pids: () => processTree(child.pid!),
    stop: () => stop(child),
  };
}

/**
 * (c) Hive Gateway over the committed supergraph, pointed at the cluster's subgraphs; (e) the
 * same with its Rust query planner (`rust`: its own port and config file).
 */
export async function startHive(cluster: Served, ports: Ports, rust = false): Promise<Served> {
  const port = (rust ? 4003 : 4002) + ports.offset;
  const supergraph = readFileSync(join(ROOT, 'schema/supergraph.graphql'), 'utf8').replace(
    /url: "http:\/\/127\.0\.0\.1:(41\d\d)\/graphql"/g,
    (_, p: string) => `url: "http://127.0.0.1:${Number(p) + ports.offset}/graphql"`,
  );
  const file = join(tmpdir(), `zhongtai-bench-supergraph-${port}.graphql`);
  writeFileSync(file, supergraph);
  // One worker, like our gateway: --fork 1 keeps Hive to a single process.
  const child = spawn(
    HIVE_BIN,
    ['supergraph', file, '--port', String(port), '--host', '127.0.0.1', '--fork', '1', '-c', rust ? HIVE_RUST_CONFIG : HIVE_CONFIG],
    {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'production', NODE_OPTIONS: GC_OPTIONS },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  pipe(child, rust ? 'e' : 'c');
  await waitForReady(`http://127.0.0.1:${port}/readiness`, child).catch(async (error: unknown) => {
    await stop(child);
    throw error;
  });
  const subgraphMetrics = cluster.metricsUrls.slice(1);
  return {
    mode: rust ? 'e' : 'c',
    url: `http://127.0.0.1:${port}/graphql`,
    healthUrl: `http://127.0.0.1:${port}/healthcheck`,
    metricsUrls: subgraphMetrics,
    pids: () => processTree(child.pid!),
    stop: () => stop(child),
  };
}

/**
 * Every served process, ours and Hive alike, gets a larger young generation: a gateway response
 * is many short-lived objects, and with V8's default 16 MB semi-space a third of the CPU went to
 * scavenges (profiled on S1). The same flag for everyone keeps the comparison fair.
 */
const GC_OPTIONS = '--max-semi-space-size=64';

/**
 * The load runs a handful of callers at hundreds of requests a second: each caller's leaky
 * bucket would throttle them within a second, so the rate limit is off (RATE_LIMIT=off) unless
 * the environment says otherwise. The per-request limits and costs stay on.
 */
/** BENCH_NODE_ARGS: flags for every graph process, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile a mode under load. */
const EXTRA_NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);

function node(args: string[], env: Record<string, string>, tag: string): ChildProcess {
  const child = spawn(process.execPath, [...EXTRA_NODE_ARGS, '--import', 'tsx', ...args], {
    cwd: ROOT,
    env: { RATE_LIMIT: 'off', ...process.env, NODE_OPTIONS: GC_OPTIONS, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  pipe(child, tag);
  return child;
}

/** Children's output only when asked (BENCH_VERBOSE=1); errors always. */
function pipe(child: ChildProcess, tag: string): void {
  const verbose = process.env.BENCH_VERBOSE === '1';
  child.stdout!.on('data', (d: Buffer) => verbose && process.stdout.write(`[${tag}] ${d}`));
  child.stderr!.on('data', (d: Buffer) => d.toString().trim() && process.stderr.write(`[${tag}] ${d}`));
}

async function waitForReady(url: string, child: ChildProcess, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`process for ${url} exited with code ${child.exitCode}`);
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(1000) })).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms`);
}

/**
 * SIGTERM to the process, then SIGKILL to whatever of its tree is left after 15 s: a cluster
 * whose gateway hangs on a keep-alive socket must not leave its subgraph processes behind.
 */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const tree = processTree(child.pid!);
  const exited = new Promise<boolean>((resolve) => child.once('exit', () => resolve(true)));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
  await new Promise((r) => setTimeout(r, 500));
  for (const pid of tree) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** The pid and all its descendants, from /proc (Linux). */
export function processTree(root: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name may hold spaces and parentheses: fields start after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parentOf.set(Number(entry), ppid);
    } catch {
      // exited meanwhile
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) for (const [pid, ppid] of parentOf) if (ppid === tree[i]) tree.push(pid);
  return tree;
}
