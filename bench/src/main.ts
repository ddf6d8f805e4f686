import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import postgres, { type Sql } from 'postgres';
import { loadConfig, TokenService } from '@zhongtai/kit';
import { countRows, sampleDataSet } from './dataSet.ts';
import { dataSetFromGraph } from './dataSetFromGraph.ts';
import { loadFloor, loadGraph, RequestSource, type Measurement } from './load.ts';
import { describeMachine } from './machine.ts';
import { sampleMemory, sqlStatements } from './metrics.ts';
import { startAllInOne, startCluster, startHive, type Served } from './processes.ts';
import { renderMarkdown, type Result, type RunReport } from './report.ts';
import { SCENARIOS, scenarioNamed, type Caller, type DataSet, type Scenario } from './scenarios/index.ts';
import { stockCheck } from './stockCheck.ts';
import { verifySameData } from './verify.ts';

/**
 * `pnpm bench`: every scenario through every mode, side by side, against one database.
 *   (a) all-in-one gateway, (b) our gateway over HTTP to a process per center, (c) Hive Gateway
 *   over the same subgraph processes, (d) the hand-written SQL with postgres.js (the floor).
 */
const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', default: '16' },
    modes: { type: 'string', default: 'a,b,c,d' },
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
let scenarios = values.scenarios!.split(',').map((name) => scenarioNamed(name.trim()));

const sql: Sql | undefined = databaseUrl ? postgres(databaseUrl, { max: load.connections, onnotice: () => {} }) : undefined;
const started = new Date();
const served: Served[] = [];
try {
  console.log(`modes ${modes.join(',')}, scenarios ${scenarios.map((s) => s.name).join(',')}, ${load.durationSeconds}s at ${load.connections} connections`);
  if (modes.includes('a')) served.push(await startAllInOne(databaseUrl, ports));
  if (modes.includes('b') || modes.includes('c')) {
    const cluster = await startCluster(databaseUrl!, ports);
    if (modes.includes('b')) served.push(cluster);
    else served.push({ ...cluster, mode: 'b', url: '' }); // kept for its subgraphs only
    if (modes.includes('c')) served.push(await startHive(cluster, ports));
  }
  const graphs = served.filter((s) => s.url && modes.includes(s.mode));
  console.log(`started ${graphs.map((g) => `(${g.mode}) ${g.url}`).join(', ')}`);

  const tokens = new TokenService(loadConfig().jwtSecret);
  const sample = async (): Promise<DataSet> => (sql ? sampleDataSet(sql, (await countRows(sql)).orders ?? 0) : dataSetFromGraph(graphs[0]!.url, await tokens.sign({ role: 'ADMIN', subject: 'bench' })));
  let rows = sql ? await countRows(sql) : {};
  let data = await sample();
  // The demo data has no orders: place some through S5 first, then the order scenarios have something to list.
  const needsOrders = data.orderWindows.length === 0 && scenarios.some((s) => s.name === 'S5') && scenarios.some((s) => !s.writes);
  if (needsOrders) {
    console.log('too few orders for S1/S2: running S5 (placeOrder) first');
    scenarios = [...scenarios.filter((s) => s.writes), ...scenarios.filter((s) => !s.writes)];
  }
  const minted = await mintTokens(tokens, data);
  const tokenFor = (c: Caller) => minted.get(callerKey(c)) ?? fail(`no token for ${callerKey(c)}`);
  const machine = await describeMachine(sql);
  const results: Result[] = [];
  const checks: RunReport['checks'] = [];

  for (const scenario of scenarios) {
    const scenarioModes = modes.filter((m) => (scenario.writes ? m === 'a' || m === 'b' : m !== 'd' || scenario.floor));
    const targets = graphs.filter((g) => scenarioModes.includes(g.mode));
    if (!scenario.writes) {
      const notes = await verifySameData(scenario, targets, new RequestSource(scenario, data, tokenFor, 99), scenarioModes.includes('d') ? sql : undefined);
      checks.push({ scenario: scenario.name, check: `identical data from ${targets.map((t) => t.mode).join(', ')}${scenarioModes.includes('d') ? ' and the same ids from the floor' : ''}`, ok: true, detail: notes.join('; ') });
      console.log(`${scenario.name}: ${checks.at(-1)!.check} (${notes.join('; ')})`);
    }
    for (const mode of scenarioModes) {
      const result = await measure(scenario, mode, targets.find((t) => t.mode === mode), data, tokenFor);
      results.push(result);
      console.log(`${scenario.name} (${mode}): ${result.rps.toFixed(1)} rps, p50 ${result.p50.toFixed(1)} p95 ${result.p95.toFixed(1)} p99 ${result.p99.toFixed(1)} ms, ${result.errors} errors, ${result.sqlPerRequest?.toFixed(2)} SQL/req${result.errorSamples.length ? `\n  e.g. ${result.errorSamples[0]}` : ''}`);
      if (scenario.writes && sql) {
        await settle(sql);
        const stock = await stockCheck(sql);
        checks.push({ scenario: scenario.name, check: `no oversell after mode ${mode}`, ok: stock.ok, detail: JSON.stringify(stock) });
        console.log(`${scenario.name} (${mode}): stock check ${stock.ok ? 'ok' : 'FAILED'} ${JSON.stringify(stock)}`);
      }
    }
    if (needsOrders && scenario.writes) {
      rows = await countRows(sql!);
      data = { ...(await sample()), memberIds: data.memberIds };
    }
  }
  if (sql) rows = await countRows(sql);
  const report: RunReport = { startedAt: started.toISOString(), label: values.label ?? '', command: `pnpm bench ${process.argv.slice(2).join(' ')}`.trim(), machine, dataSet: rows, load, warmupSeconds: warmup.durationSeconds, results, checks };
  mkdirSync(values.out!, { recursive: true });
  const stamp = started.toISOString().replace(/[:.]/g, '-');
  writeFileSync(`${values.out}/${stamp}.json`, JSON.stringify(report, null, 2) + '\n');
  writeFileSync(`${values.out}/latest.md`, renderMarkdown(report));
  console.log(`\n${renderMarkdown(report)}\nwrote ${values.out}${stamp}.json and latest.md`);
} finally {
  await Promise.all(served.filter((s) => s.mode !== 'b').map((s) => s.stop()));
  await Promise.all(served.filter((s) => s.mode === 'b').map((s) => s.stop()));
  await sql?.end({ timeout: 5 });
}

async function measure(scenario: Scenario, mode: string, graph: Served | undefined, data: DataSet, tokenFor: (c: Caller) => string): Promise<Result> {
  const source = new RequestSource(scenario, data, tokenFor, 7);
  if (mode === 'd') {
    await loadFloor(sql!, scenario, source, warmup);
    const m = await loadFloor(sql!, scenario, source, load);
    return { scenario: scenario.name, title: scenario.title, mode, ...m, sqlPerRequest: m.statementsPerRequest, peakRssBytes: null, peakProcessRssBytes: null };
  }
  if (!graph) throw new Error(`mode ${mode} is not running`);
  if (warmup.durationSeconds > 0) await loadGraph(graph.url, scenario, source, warmup);
  const before = graph.metricsUrls.length ? await sqlStatements(graph.metricsUrls) : NaN;
  const memory = sampleMemory(graph.pids);
  const m: Measurement = await loadGraph(graph.url, scenario, source, load);
  const peak = memory.stop();
  const after = graph.metricsUrls.length ? await sqlStatements(graph.metricsUrls) : NaN;
  return { scenario: scenario.name, title: scenario.title, mode, ...m, sqlPerRequest: m.requests ? (after - before) / m.requests : NaN, peakRssBytes: peak.peakTotalBytes, peakProcessRssBytes: peak.peakProcessBytes };
}

function callerKey(c: Caller): string {
  return `${c.role}:${c.shopId ?? c.memberId ?? ''}`;
}

/** One token per distinct caller, minted before the run (signing is async; autocannon's hooks are not). */
async function mintTokens(tokens: TokenService, data: DataSet): Promise<Map<string, string>> {
  const callers: Caller[] = [{ role: 'ADMIN' }, ...data.merchantShopIds.map((shopId) => ({ role: 'MERCHANT' as const, shopId })), ...data.memberIds.map((memberId) => ({ role: 'CUSTOMER' as const, memberId }))];
  const minted = new Map<string, string>();
  for (const c of callers) minted.set(callerKey(c), await tokens.sign({ role: c.role, shopId: c.shopId, memberId: c.memberId, subject: `bench:${callerKey(c)}`, expiresIn: '12h' }));
  return minted;
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
