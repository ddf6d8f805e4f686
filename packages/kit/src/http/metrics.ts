import type { ServerResponse } from 'node:http';
import { queryCounter as defaultCounter, type QueryCounter } from '../db/queryCounter.ts';

/**
 * `GET /metrics` in Prometheus text format: SQL statements sent per center (the kit's counter,
 * this process only) and this process's memory. Cheap on purpose (a map and two syscalls, no
 * database) so a benchmark can read it before and after a run without disturbing it.
 */
export function metricsText(counter: QueryCounter = defaultCounter): string {
  const lines = ['# HELP zhongtai_sql_statements_total SQL statements this process sent, per center.', '# TYPE zhongtai_sql_statements_total counter'];
  for (const [center, n] of Object.entries(counter.snapshot()).sort()) lines.push(`zhongtai_sql_statements_total{center="${center}"} ${n}`);
  lines.push(
    '# HELP process_resident_memory_bytes Resident memory size in bytes.',
    '# TYPE process_resident_memory_bytes gauge',
    `process_resident_memory_bytes ${process.memoryUsage.rss()}`,
    '# HELP process_max_resident_memory_bytes Peak resident memory since the process started.',
    '# TYPE process_max_resident_memory_bytes gauge',
    // resourceUsage().maxRSS is in kilobytes.
    `process_max_resident_memory_bytes ${process.resourceUsage().maxRSS * 1024}`,
  );
  return lines.join('\n') + '\n';
}

export function sendMetrics(res: ServerResponse, counter?: QueryCounter): void {
  const text = metricsText(counter);
  res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
