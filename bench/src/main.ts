import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import postgres, { type Sql } from 'postgres';
import { demoPlatformStaffId, loadConfig, TokenService } from '@zhongtai/kit';
import { countRows, sampleDataSet } from './dataSet.ts';
import { dataSetFromGraph } from './dataSetFromGraph.ts';
import { loadFloor, loadGraph, RequestSource, type Measurement } from './load.ts';
import { describeMachine } from './machine.ts';
import { drain, sampleMemory, sqlStatements } from './metrics.ts';
import { CLUSTER_CENTER_PROCESSES, startAllInOne, startCluster, startHive, type Served } from './processes.ts';
import { renderMarkdown, type Result, type RunReport } from './report.ts';
import { SCENARIOS, scenarioNamed, type Caller, type DataSet, type Scenario } from './scenarios/index.ts';
import { stockCheck } from './stockCheck.ts';
import { answersOf, sameAnswers, type Answer } from './verify.ts';

/**
 * `pnpm bench`: every scenario through every mode, side by side, against one database.
 *   (a) all-in-one gateway, (b) our gateway over HTTP to a process per center, (c) Hive Gateway
 *   over the same subgraph processes, (e) Hive Gateway with Hive Router's Rust query planner over
 *   them too, (d) the hand-written SQL with postgres.js (the floor).
 */
const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', default: '16' },
    modes: { type: 'string', default: 'a,b,c,e,d' },
    scenarios: { type: 'string', default: SCENARIOS.map((s) => s.name).join(',') },
    'port-offset': { type: 'string', default: '20000' },
    out: { type: 'string', default: new URL('../results/', import.meta.url).pathname },
    label: { type: 'string', default: '' },
  },
});
const load = { connections: Number(values.connections), durationSeconds: Number(values.duration) };
const warmup = { connections: load.connections, durationSeconds: Number(values.warmup) };
const ports = { offset: Number(values['port-offset']) };
const databaseUrl = process.env.DATABASE_URL || undefined;
let modes = values.modes!.split(',').map((m) => m.trim());
if (!databaseUrl && modes.some((m) => m !== 'a')) {
  console.warn('No DATABASE_URL: embedded PGlite cannot be shared between processes, so only mode (a) runs.');
  modes = modes.filter((m) => m === 'a');
}
const scenarios = values.scenarios!.split(',').map((name) => scenarioNamed(name.trim()));

const sql: Sql | undefined = databaseUrl ? postgres(databaseUrl, { max: load.connections, onnotice: () => {} }) : undefined;
const started = new Date();
const running: Served[] = [];
/** Counts the runner's phases (each ends with stopAll): names the kept /metrics files. */
let phase = 0;
const results: Result[] = [];
const checks: RunReport['checks'] = [];
/** Answers of the first gateway to each read scenario's fixed requests: the others must match them. */
const references = new Map<string, Answer[]>();
/** Which modes answered each read scenario identically (and whether the floor's ids matched). */
const identical = new Map<string, string[]>();
let data: DataSet | undefined;
let tokenFor: (c: Caller) => string = () => fail('tokens not minted');
try {
  console.log(`modes ${modes.join(',')}, scenarios ${scenarios.map((s) => s.name).join(',')}, ${load.durationSeconds}s at ${load.connections} connections`);
  const tokens = new TokenService(loadConfig().jwtSecret);
  const machine = await describeMachine(sql);
  const reads = scenarios.filter((s) => !s.writes);
  const writes = scenarios.filter((s) => s.writes);
  const withFloor = (s: Scenario) => Boolean(sql && s.floor && modes.includes('d'));

  // The modes run one after the other, never side by side: a cluster alone opens ~80 PostgreSQL
  // connections, and idle graphs would still take CPU from the one being measured.
  const prepare = async (graph: Served) => {
    const adminToken = await tokens.sign({ role: 'ADMIN', staffId: demoPlatformStaffId('SUPER_ADMIN'), subject: 'bench' });
    data = sql ? await sampleDataSet(sql, (await countRows(sql)).orders ?? 0) : await dataSetFromGraph(graph.url, adminToken);
    const minted = await mintTokens(tokens, data, graph.url, adminToken);
    tokenFor = (c) => minted.get(callerKey(c)) ?? fail(`no token for ${callerKey(c)}`);
  };
  const runWrites = async (graph: Served) => {
    for (const scenario of writes) {
      await record(scenario, graph.mode, () => measure(scenario, graph, data!, tokenFor));
      if (sql) {
        await settle(sql);
        const stock = await stockCheck(sql);
        checks.push({ scenario: scenario.name, check: `no oversell after mode ${graph.mode}`, ok: stock.ok, detail: JSON.stringify(stock) });
        console.log(`${scenario.name} (${graph.mode}): stock check ${stock.ok ? 'ok' : 'FAILED'} ${JSON.stringify(stock)}`);
      }
    }
  };
  const runReads = async (graphs: Served[], floorHere: boolean) => {
    for (const scenario of reads) {
      for (const graph of graphs) await record(scenario, graph.mode, () => measure(scenario, graph, data!, tokenFor));
      if (floorHere && withFloor(scenario)) await record(scenario, 'd', () => measureFloor(scenario, data!, tokenFor));
    }
  };
  // Without the cluster there is nothing to compare with but the floor, which then runs in phase (a).
  const clusterModes = modes.filter((m) => m === 'b' || m === 'c' || m === 'e');
  const startClusterModes = async () => {
    const cluster = await start(async () => startCluster(databaseUrl!, ports, await clusterPools(sql!)));
    return [modes.includes('b') ? cluster : undefined, ...(await startPeers(cluster))].filter((g): g is Served => Boolean(g));
  };
  let writesDone = false;

  // Check first, with every mode up at once (a handful of requests, few connections): background
  // jobs (an unpaid order closing) could change the data between phases and fake a difference.
  const everyone = [
    ...(modes.includes('a') ? [await start(() => startAllInOne(databaseUrl, ports))] : []),
    ...(clusterModes.length ? await startClusterModes() : []),
  ];
  // `--modes d` alone starts no graph: there is nothing to check against, and the floor runs on its own below.
  const [first] = everyone;
  if (first) {
    await prepare(first);
    // The demo data has no orders: place some through S5 first, then the order scenarios have something to list.
    const writer = everyone.find((g) => g.mode === 'a' || g.mode === 'b');
    if (writer && writes.length && reads.some((s) => s.name === 'S1' || s.name === 'S2') && data!.orderWindows.length === 0) {
      console.log('too few orders for S1/S2: running the write scenarios first');
      await runWrites(writer);
      writesDone = true;
      await prepare(writer);
    }
    for (const scenario of reads) await verify(scenario, everyone, withFloor(scenario));
  }
  await stopAll();

  if (modes.includes('a')) {
    const a = await start(() => startAllInOne(databaseUrl, ports));
    await runReads([a], true);
    if (!writesDone && !clusterModes.length) await runWrites(a);
    await stopAll();
  }
  if (clusterModes.length) {
    const graphs = await startClusterModes();
    await runReads(graphs, !modes.includes('a'));
    if (modes.includes('b')) await runWrites(graphs.find((g) => g.mode === 'b')!);
    await stopAll();
  }
  if (modes.includes('a') && writes.length && !writesDone && clusterModes.length) {
    const a = await start(() => startAllInOne(databaseUrl, ports));
    await runWrites(a);
    await stopAll();
  }
  // The write floor last, with no graph running: its background work (relay, event handlers) would take CPU from it.
  if (sql && modes.includes('d')) {
    for (const scenario of writes.filter((s) => s.floor)) {
      // SQL only: the floor sends no token (and with `--modes d` alone none was minted).
      await record(scenario, 'd', async () => measureFloor(scenario, data ?? (await sampleDataSet(sql, (await countRows(sql)).orders ?? 0)), () => ''));
      const stock = await stockCheck(sql);
      checks.push({ scenario: scenario.name, check: 'no oversell after the floor (d)', ok: stock.ok, detail: JSON.stringify(stock) });
    }
  }
  if (!modes.includes('a') && !clusterModes.length && modes.includes('d')) {
    if (!sql) throw new Error('the floor (d) needs DATABASE_URL');
    data = await sampleDataSet(sql, (await countRows(sql)).orders ?? 0);
    for (const scenario of reads.filter(withFloor)) await record(scenario, 'd', () => measureFloor(scenario, data!, () => ''));
  }

  for (const [scenario, seen] of identical)
    checks.unshift({ scenario, check: 'identical data for the same 5 requests from every mode', ok: true, detail: seen.join(', ') });
  const rows = sql ? await countRows(sql) : {};
  const report: RunReport = {
    startedAt: started.toISOString(),
    label: values.label ?? '',
    command: `pnpm bench ${process.argv
      .slice(2)
      .map((a) => (/\s/.test(a) ? JSON.stringify(a) : a))
      .join(' ')}`.trim(),
    machine,
    dataSet: rows,
    load,
    warmupSeconds: warmup.durationSeconds,
    results,
    checks,
  };
  mkdirSync(values.out!, { recursive: true });
  const stamp = started.toISOString().replace(/[:.]/g, '-');
  writeFileSync(`${values.out}/${stamp}.json`, JSON.stringify(report, null, 2) + '\n');
  writeFileSync(`${values.out}/latest.md`, renderMarkdown(report));
  console.log(`\n${renderMarkdown(report)}\nwrote ${values.out}/${stamp}.json and latest.md`);
} finally {
  await stopAll();
  await sql?.end({ timeout: 5 });
}

/** The other gateways over the cluster's center processes: (c) Hive Gateway, (e) the same with the Rust planner. */
async function startPeers(cluster: Served): Promise<Served[]> {
  const peers: Served[] = [];
  if (modes.includes('c')) peers.push(await start(() => startHive(cluster, ports)));
  if (modes.includes('e')) peers.push(await start(() => startHive(cluster, ports, true)));
  return peers;
}

async function start(how: () => Promise<Served>): Promise<Served> {
  const served = await how();
  running.push(served);
  console.log(`started (${served.mode}) ${served.url}`);
  return served;
}

async function stopAll(): Promise<void> {
  phase++;
  // Hive before the cluster it talks to.
  while (running.length) {
    const served = running.pop()!;
    await keepMetrics(served);
    await served.stop();
  }
}

/**
 * Our gateway's /metrics as a phase leaves it (per-operation histograms of the scenarios it
 * served), beside the run's JSON: `results/<run>-metrics-<phase>-<mode>.txt`. A scrape that fails
 * costs the run nothing.
 */
async function keepMetrics(served: Served): Promise<void> {
  if (served.mode === 'c' || served.mode === 'e' || !served.metricsUrls[0]) return;
  try {
    const text = await (await fetch(served.metricsUrls[0], { signal: AbortSignal.timeout(30_000) })).text();
    mkdirSync(values.out!, { recursive: true });
    writeFileSync(`${values.out}/${started.toISOString().replace(/[:.]/g, '-')}-metrics-${phase}-${served.mode}.txt`, text);
  } catch (error) {
    console.warn(`(${served.mode}) /metrics not kept: ${(error as Error).message}`);
  }
}

async function record(scenario: Scenario, mode: string, run: () => Promise<Result>): Promise<void> {
  const result = await run();
  results.push(result);
  console.log(
    `${scenario.name} (${mode}): ${result.rps.toFixed(1)} rps, p50 ${result.p50.toFixed(1)} p95 ${result.p95.toFixed(1)} p99 ${result.p99.toFixed(1)} ms, ${result.errors} errors, ${result.sqlPerRequest?.toFixed(2)} SQL/req${result.errorSamples.length ? `\n  e.g. ${result.errorSamples[0]}` : ''}`,
  );
}

/** The same fixed requests to every gateway as they come up: identical answers, or the run stops. */
async function verify(scenario: Scenario, graphs: Served[], withFloor: boolean): Promise<void> {
  const source = new RequestSource(scenario, data!, tokenFor, 99);
  const answers = await answersOf(scenario, graphs, source, withFloor ? sql : undefined);
  const reference = references.get(scenario.name);
  if (reference) sameAnswers(scenario, reference, answers);
  else references.set(scenario.name, answers);
  const seen = [...(identical.get(scenario.name) ?? []), ...graphs.map((g) => g.mode), ...(withFloor ? ['d (same ids)'] : [])];
  identical.set(scenario.name, seen);
  console.log(`${scenario.name}: identical data from ${seen.join(', ')}`);
}

async function measure(scenario: Scenario, graph: Served, data: DataSet, tokenFor: (c: Caller) => string): Promise<Result> {
  const source = new RequestSource(scenario, data, tokenFor, 7);
  // /health, not /metrics: a scrape reads the queues' backlog from the database.
  const busy = [graph.healthUrl, ...graph.metricsUrls.map((url) => url.replace(/\/metrics$/, '/health'))];
  if (warmup.durationSeconds > 0) await loadGraph(graph.url, scenario, source, warmup);
  await drain(busy);
  const before = graph.metricsUrls.length ? await sqlStatements(graph.metricsUrls) : NaN;
  const memory = sampleMemory(graph.pids);
  const m: Measurement = await loadGraph(graph.url, scenario, source, load);
  const peak = memory.stop();
  await drain(busy);
  const after = graph.metricsUrls.length ? await sqlStatements(graph.metricsUrls) : NaN;
  return {
    scenario: scenario.name,
    title: scenario.title,
    mode: graph.mode,
    ...m,
    sqlPerRequest: m.sent ? (after - before) / m.sent : NaN,
    peakRssBytes: peak.peakTotalBytes,
    peakProcessRssBytes: peak.peakProcessBytes,
  };
}

async function measureFloor(scenario: Scenario, data: DataSet, tokenFor: (c: Caller) => string): Promise<Result> {
  const source = new RequestSource(scenario, data, tokenFor, 7);
  if (warmup.durationSeconds > 0) await loadFloor(sql!, scenario, source, warmup);
  const m = await loadFloor(sql!, scenario, source, load);
  return {
    scenario: scenario.name,
    title: scenario.title,
    mode: 'd',
    ...m,
    sqlPerRequest: m.statementsPerRequest,
    peakRssBytes: null,
    peakProcessRssBytes: null,
  };
}

function callerKey(c: Caller): string {
  return `${c.role}:${c.shopId ?? c.memberId ?? ''}`;
}

/** One token per distinct caller, minted before the run (signing is async; autocannon's hooks are not). */
async function mintTokens(tokens: TokenService, data: DataSet, url: string, adminToken: string): Promise<Map<string, string>> {
  const callers: Caller[] = [
    { role: 'ADMIN' },
    ...data.merchantShopIds.map((shopId) => ({ role: 'MERCHANT' as const, shopId })),
    ...data.memberIds.map((memberId) => ({ role: 'CUSTOMER' as const, memberId })),
  ];
  const minted = new Map<string, string>();
  for (const c of callers) {
    // Staff tokens name a member: the platform's SUPER_ADMIN, each shop's first member (its OWNER in both seeds).
    const staffId = c.role === 'ADMIN' ? demoPlatformStaffId('SUPER_ADMIN') : c.role === 'MERCHANT' ? await ownerOf(url, adminToken, c.shopId!) : undefined;
    minted.set(
      callerKey(c),
      await tokens.sign({ role: c.role, shopId: c.shopId, memberId: c.memberId, staffId, subject: `bench:${callerKey(c)}`, expiresIn: '12h' }),
    );
  }
  return minted;
}

async function ownerOf(url: string, adminToken: string, shopId: string): Promise<string> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
    body: JSON.stringify({ query: 'query($id: ID!) { shop(id: $id) { staff(first: 5) { nodes { id role } } } }', variables: { id: shopId } }),
  });
  const body = (await response.json()) as { data?: { shop: { staff: { nodes: { id: string; role: string }[] } } | null } };
  const owner = body.data?.shop?.staff.nodes.find((n) => n.role === 'OWNER');
  return owner?.id ?? fail(`shop ${shopId} has no OWNER for a bench merchant token`);
}

/**
 * autocannon stops sending at the deadline, but the server finishes what it accepted: wait until
 * no new order appears for 2 s, so later checks and reads see a data set that holds still.
 */
async function settle(sql: Sql): Promise<void> {
  let last = -1;
  for (;;) {
    const [row] = await sql`select count(*)::int as n from orders.orders`;
    if (row!.n === last) return;
    last = row!.n as number;
    await new Promise((r) => setTimeout(r, 2000));
  }
}

function fail(message: string): never {
  throw new Error(message);
}

/**
 * Connections per center process of the cluster, so that all of them (a pool and a job queue per
 * center) stay under PostgreSQL's max_connections with room for this runner's own and psql's: with
 * fifteen centers and the default 100, a pool of 3 and a queue of 2 (before, 8 x (6 + 4) was
 * planned for eight centers; fifteen opened 150 and placeOrder failed on "too many clients").
 */
async function clusterPools(sql: Sql): Promise<{ poolSize: number; jobsPoolSize: number }> {
  const [row] = await sql<{ max_connections: string }[]>`show max_connections`;
  const perProcess = Math.floor((Number(row?.max_connections ?? 100) - load.connections - 8) / CLUSTER_CENTER_PROCESSES);
  const jobsPoolSize = 2;
  const poolSize = Math.max(2, perProcess - jobsPoolSize);
  console.log(
    `cluster pools: ${poolSize} connections per center and ${jobsPoolSize} for its job queue (${CLUSTER_CENTER_PROCESSES} centers, max_connections ${row?.max_connections})`,
  );
  return { poolSize, jobsPoolSize };
}
