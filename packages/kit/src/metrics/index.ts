export { metricsRegistry, collectProcessMetrics } from './registry.ts';
export { BoundedLabels, OTHER } from './boundedLabels.ts';
export { handleLabels } from './sql.ts';
export {
  readQueueBacklog,
  readOutboxBacklog,
  reportBacklog,
  refreshBacklog,
  type BacklogSource,
  type QueueBacklog,
  type OutboxBacklog,
  type RawSql,
} from './backlog.ts';
export { metricsAccess, metricsText, sendMetrics, type MetricsAccess } from './http.ts';
export { recordRequest, recordSubgraphFetch } from './requests.ts';
