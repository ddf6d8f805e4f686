import type { Measurement } from './load.ts';

export interface Result extends Measurement {
  scenario: string;
  title: string;
  mode: string;
  sqlPerRequest: number;
  /** Peak of the summed RSS of the mode's processes during the measured run; null for the floor. */
  peakRssBytes: number | null;
  /** Peak RSS of its largest single process. */
  peakProcessRssBytes: number | null;
}

export interface RunReport {
  startedAt: string;
  label: string;
  command: string;
  machine: Record<string, unknown>;
  dataSet: Record<string, number>;
  load: { connections: number; durationSeconds: number };
  warmupSeconds: number;
  results: Result[];
  checks: { scenario: string; check: string; ok: boolean; detail: string }[];
}

const MODE_NAMES: Record<string, string> = { a: 'a all-in-one', b: 'b distributed', c: 'c Hive Gateway', d: 'd SQL floor', e: 'e Hive + Rust planner' };
const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '—');
const mb = (n: number | null) => (n === null ? '—' : `${Math.round(n / 1024 / 1024)} MB`);
const ratio = (x: number | undefined, y: number | undefined) => (x !== undefined && y !== undefined && Number.isFinite(x / y) ? `${(x / y).toFixed(2)}×` : '—');

export function renderMarkdown(report: RunReport): string {
  const at = (scenario: string, mode: string) => report.results.find((r) => r.scenario === scenario && r.mode === mode);
  const scenarios = [...new Set(report.results.map((r) => r.scenario))];
  const m = report.machine;
  const lines = [
    `# Benchmark ${report.startedAt}${report.label ? ` — ${report.label}` : ''}`,
    '',
    `Machine: ${m.cpuModel}, ${m.cores} cores, ${Math.round(Number(m.memoryBytes) / 2 ** 30)} GiB, ${m.os}; Node ${m.node}; ${String(m.postgres).split(' on ')[0]}.`,
    `Data set: ${
      Object.entries(report.dataSet)
        .map(([k, v]) => `${v.toLocaleString('en')} ${k}`)
        .join(', ') || 'embedded PGlite demo data'
    }.`,
    `Load: ${report.load.connections} connections, ${report.load.durationSeconds}s measured after ${report.warmupSeconds}s warm-up, per scenario and mode. Command: \`${report.command}\``,
    '',
    '| scenario | mode | rps | p50 ms | p95 ms | p99 ms | errors | SQL/req | peak RSS (all processes) | peak RSS (largest) |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...[...report.results]
      .sort((x, y) => x.scenario.localeCompare(y.scenario) || x.mode.localeCompare(y.mode))
      .map(
        (r) =>
          `| ${r.scenario} ${r.title} | ${MODE_NAMES[r.mode] ?? r.mode} | ${r.rps.toFixed(1)} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} | ${r.errors} | ${Number.isFinite(r.sqlPerRequest) ? r.sqlPerRequest.toFixed(1) : '—'} | ${mb(r.peakRssBytes)} | ${mb(r.peakProcessRssBytes)} |`,
      ),
    '',
    'Ratios (p95: lower is better for us below 1×; rps: above 1× means we serve more):',
    '',
    '| scenario | p95 a / floor | rps floor / a | p95 a / Hive | rps a / Hive | p95 a / b | rps a / b | rps a / Hive+Rust | rps b / Hive+Rust | p95 b / Hive+Rust |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...scenarios.map((s) => {
      const [a, b, c, d, e] = ['a', 'b', 'c', 'd', 'e'].map((mode) => at(s, mode));
      return `| ${s} | ${ratio(a?.p95, d?.p95)} | ${ratio(d?.rps, a?.rps)} | ${ratio(a?.p95, c?.p95)} | ${ratio(a?.rps, c?.rps)} | ${ratio(a?.p95, b?.p95)} | ${ratio(a?.rps, b?.rps)} | ${ratio(a?.rps, e?.rps)} | ${ratio(b?.rps, e?.rps)} | ${ratio(b?.p95, e?.p95)} |`;
    }),
    '',
    '## Targets',
    '',
    ...targets(report).map((t) => `- ${t.met === null ? 'not measured' : t.met ? 'MET' : '**MISSED**'}: ${t.target}${t.detail ? ` (${t.detail})` : ''}`),
    '',
    '## Checks',
    '',
    ...report.checks.map((c) => `- ${c.ok ? 'ok' : '**FAILED**'} ${c.scenario}: ${c.check}${c.detail ? ` — ${c.detail}` : ''}`),
    '',
  ];
  return lines.join('\n');
}

/** Issue 20's targets (round 2), judged on this run (they are meant for 1M orders on a 2-core machine, as ratios measured side by side). */
export function targets(report: RunReport): { target: string; met: boolean | null; detail: string }[] {
  const at = (scenario: string, mode: string) => report.results.find((r) => r.scenario === scenario && r.mode === mode);
  const reads = [...new Set(report.results.filter((r) => r.scenario !== 'S5').map((r) => r.scenario))];
  const versusFloor = reads.map((s) => ({ s, a: at(s, 'a'), d: at(s, 'd') })).filter((x) => x.a && x.d);
  const versusHive = reads.map((s) => ({ s, a: at(s, 'a'), c: at(s, 'c') })).filter((x) => x.a && x.c);
  const versusRust = (mode: string) => reads.map((s) => ({ s, x: at(s, mode), e: at(s, 'e') })).filter((x) => x.x && x.e);
  const s5 = at('S5', 'a');
  const s5Floor = at('S5', 'd');
  const oversell = report.checks.filter((c) => c.scenario === 'S5' && c.check.includes('oversell'));
  const s5Orders = s5 ? (s5.requests - s5.errors) / s5.seconds : NaN;
  return [
    {
      target: 'every read scenario, all-in-one: rps at least 1/3 of the SQL floor’s and p95 at most 3× its',
      met: versusFloor.length ? versusFloor.every((x) => 3 * x.a!.rps >= x.d!.rps && x.a!.p95 <= 3 * x.d!.p95) : null,
      detail: versusFloor.map((x) => `${x.s} floor rps ${ratio(x.d!.rps, x.a!.rps)} ours, p95 ${ratio(x.a!.p95, x.d!.p95)} the floor’s`).join('; '),
    },
    {
      target: 'all-in-one at least as fast as Hive Gateway on every read scenario (rps)',
      met: versusHive.length ? versusHive.every((x) => x.a!.rps >= x.c!.rps) : null,
      detail: versusHive.map((x) => `${x.s} ${ratio(x.a!.rps, x.c!.rps)}`).join(', '),
    },
    ...(['a', 'b'] as const).map((mode) => {
      const pairs = versusRust(mode);
      return {
        target: `${MODE_NAMES[mode]} at least as fast as Hive Gateway with the Rust planner (e) on every read scenario (rps)`,
        met: pairs.length ? pairs.every((p) => p.x!.rps >= p.e!.rps) : null,
        detail: pairs.map((p) => `${p.s} ${ratio(p.x!.rps, p.e!.rps)}`).join(', '),
      };
    }),
    {
      target: 'S5 at least 130 orders/s with no errors and no oversell (all-in-one); its ratio to the write floor',
      met: s5 ? s5Orders >= 130 && s5.errors === 0 && oversell.every((c) => c.ok) : null,
      detail: s5
        ? `${s5Orders.toFixed(1)} orders/s, ${s5.errors} errors, oversell check ${oversell.every((c) => c.ok) ? 'clean' : 'FAILED'}${s5Floor ? `, write floor ${ratio(s5Floor.rps, s5Orders)} ours` : ''}`
        : '',
    },
  ];
}
