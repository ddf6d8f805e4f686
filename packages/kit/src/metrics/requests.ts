import { Counter, Histogram } from 'prom-client';
import { metricsRegistry } from './registry.ts';

const registers = [metricsRegistry];
const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

const requests = new Counter({
  name: 'zhongtai_graphql_requests_total',
  help: 'GraphQL requests the gateway answered, per operation name and outcome (ok, or the first error code).',
  labelNames: ['operation', 'outcome'] as const,
  registers,
});

const requestSeconds = new Histogram({
  name: 'zhongtai_graphql_request_duration_seconds',
  help: 'Time the gateway spent on a GraphQL request, from parsing to the response, per operation name and outcome.',
  labelNames: ['operation', 'outcome'] as const,
  buckets: SECONDS,
  registers,
});

const fetchSeconds = new Histogram({
  name: 'zhongtai_gateway_subgraph_fetch_duration_seconds',
  help: 'One query-plan fetch from the gateway to a center (in-process or over HTTP), per center and outcome (ok, error).',
  labelNames: ['center', 'outcome'] as const,
  buckets: SECONDS,
  registers,
});

/** One answered request; labels already bounded by the caller (BoundedLabels). */
export function recordRequest(operation: string, outcome: string, seconds: number): void {
  requests.inc({ operation, outcome });
  requestSeconds.observe({ operation, outcome }, seconds);
}

export function recordSubgraphFetch(center: string, outcome: 'ok' | 'error', seconds: number): void {
  fetchSeconds.observe({ center, outcome }, seconds);
}
