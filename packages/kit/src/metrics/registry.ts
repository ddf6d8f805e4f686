import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';

/**
 * This process's metrics, one registry for everything it runs (the gateway and, all-in-one, every
 * center): `GET /metrics` serves it. Metrics are module singletons, so graphs started one after
 * another in a process (tests) keep adding to the same counters.
 */
export const metricsRegistry = new Registry();

let processMetrics = false;

/**
 * Node's own metrics (CPU, memory, event-loop lag, GC, handles), from the first server a process
 * starts: a script or a test that only imports the kit starts no event-loop monitor.
 */
export function collectProcessMetrics(): void {
  if (processMetrics) return;
  processMetrics = true;
  collectDefaultMetrics({ register: metricsRegistry });
}

new Gauge({
  name: 'process_max_resident_memory_bytes',
  help: 'Peak resident memory since the process started.',
  registers: [metricsRegistry],
  collect() {
    // resourceUsage().maxRSS is in kilobytes.
    this.set(process.resourceUsage().maxRSS * 1024);
  },
});
