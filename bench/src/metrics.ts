import { readFileSync } from 'node:fs';

/** SQL statements so far, summed over the /metrics of every process of a mode. */
export async function sqlStatements(metricsUrls: string[]): Promise<number> {
  const texts = await Promise.all(metricsUrls.map(async (url) => (await fetch(url, { signal: AbortSignal.timeout(120_000) })).text()));
  let total = 0;
  for (const text of texts) for (const match of text.matchAll(/^zhongtai_sql_statements_total\{[^}]*\} (\d+)$/gm)) total += Number(match[1]);
  return total;
}

/**
 * autocannon stops at its deadline, but the servers still work through what they accepted. Wait
 * until every process of the mode answers a cheap GET at once, so one run's backlog does not
 * land in the next run's numbers.
 */
export async function drain(urls: string[], timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const t0 = performance.now();
    await Promise.all(urls.map((url) => fetch(url, { signal: AbortSignal.timeout(timeoutMs) }).then((r) => r.text())));
    if (performance.now() - t0 < 30) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`still busy after ${timeoutMs} ms: ${urls.join(', ')}`);
}

/** Resident set size of a process in bytes, from /proc (0 once it is gone). */
function rssOf(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) * 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * Samples the RSS of a mode's processes every `everyMs` during a run: the peak of their sum
 * (what the mode costs in memory) and of the largest single process (the gateway, usually).
 */
export function sampleMemory(pids: () => number[], everyMs = 200): { stop(): { peakTotalBytes: number; peakProcessBytes: number } } {
  let peakTotal = 0;
  let peakProcess = 0;
  let tree = pids();
  let ticks = 0;
  const sample = () => {
    // The process tree is stable during a run; re-read it now and then in case a worker restarted.
    if (++ticks % 25 === 0) tree = pids();
    const sizes = tree.map(rssOf);
    peakTotal = Math.max(
      peakTotal,
      sizes.reduce((a, b) => a + b, 0),
    );
    peakProcess = Math.max(peakProcess, ...sizes);
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { peakTotalBytes: peakTotal, peakProcessBytes: peakProcess };
    },
  };
}

/** Nearest-rank percentile of latencies in ms. */
export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
