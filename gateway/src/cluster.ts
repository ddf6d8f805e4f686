import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadConfig, logger, subgraphUrlFromEnv } from '@zhongtai/kit';
import { startDistributedGateway, type RunningGraph } from './app.ts';
import { CENTERS } from './centers.ts';
import { devTokens } from './devTokens.ts';

/**
 * Cluster mode: every center its own process and port, the gateway over HTTP with a timeout on
 * each subgraph call. `portOffset` shifts the subgraph ports (4101, 4102, ...) so tests can run
 * beside a running instance.
 */
export interface Cluster {
  graph: RunningGraph;
  children: ChildProcess[];
  stop(): Promise<void>;
}

export async function startCluster(options: { env?: NodeJS.ProcessEnv; portOffset?: number; gatewayPort?: number } = {}): Promise<Cluster> {
  const baseEnv = { ...process.env, ...options.env };
  const offset = options.portOffset ?? 0;
  const urls = new Map(
    CENTERS.map((c) => [c.definition.name, subgraphUrlFromEnv(c.definition.name, baseEnv) ?? `http://127.0.0.1:${c.port + offset}/graphql`]),
  );
  const urlEnv = Object.fromEntries([...urls].map(([name, url]) => [`SUBGRAPH_URL_${name.toUpperCase()}`, url]));
  const entry = fileURLToPath(new URL('./subgraphServer.ts', import.meta.url));
  const children = CENTERS.map(({ definition, port }) => {
    const child = spawn(process.execPath, ['--max-semi-space-size=64', '--import', 'tsx', entry, definition.name], {
      env: { ...baseEnv, ...urlEnv, PORT: String(port + offset) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const prefix = `[${definition.name}] `;
    child.stdout!.on('data', (d: Buffer) => process.stdout.write(prefix + d.toString()));
    child.stderr!.on('data', (d: Buffer) => process.stderr.write(prefix + d.toString()));
    return child;
  });
  const stopChildren = async () => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), 5000).unref();
          }),
      ),
    );
  };
  try {
    await Promise.all([...urls.values()].map((url) => waitForReady(url.replace(/\/graphql$/, '/ready'), children)));
    const config = loadConfig(baseEnv);
    const graph = await startDistributedGateway({ config, urlFor: (name) => urls.get(name)!, port: options.gatewayPort });
    return {
      graph,
      children,
      async stop() {
        await graph.stop();
        await stopChildren();
      },
    };
  } catch (error) {
    await stopChildren();
    throw error;
  }
}

// Every process boots its own PGlite (WASM) and migrates at once: boot time grows with the number of centers.
const READY_TIMEOUT_MS = Math.max(170_000, CENTERS.length * 30_000);

async function waitForReady(url: string, children: ChildProcess[], timeoutMs = READY_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const dead = children.find((c) => c.exitCode !== null);
    if (dead) throw new Error(`a subgraph process exited with code ${dead.exitCode}`);
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

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const config = loadConfig();
  // `--port-offset N` shifts the subgraph ports (the benchmark runs its cluster beside a dev one).
  const offsetAt = process.argv.indexOf('--port-offset');
  const cluster = await startCluster({ portOffset: offsetAt > 0 ? Number(process.argv[offsetAt + 1]) : 0 });
  const log = logger({ center: 'gateway' });
  log.info('zhongtai cluster ready', { url: cluster.graph.url, subgraphProcesses: CENTERS.length });
  for (const [role, token] of Object.entries(await devTokens(cluster.graph.tokens, config.production)))
    process.stdout.write(`dev token ${role}: Bearer ${token}\n`); // for the developer, not the log (which redacts tokens)
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => cluster.stop().finally(() => process.exit(0)));
}
