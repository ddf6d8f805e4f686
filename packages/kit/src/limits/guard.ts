import type { GraphQLError } from 'graphql';
import type { ThrottleStatus } from './buckets.ts';
import type { CostBudget, Payer } from './config.ts';
import { limitError } from './errors.ts';

/** `extensions.cost` of a response, Shopify's shape. */
export interface CostExtension {
  requestedQueryCost: number;
  actualQueryCost: number | null;
  throttleStatus?: ThrottleStatus;
}

/** The refusal of a query whose requested cost is over the payer's per-request budget. */
export function costLimitError(cost: number, budget: CostBudget, payer: Payer): GraphQLError | undefined {
  if (cost <= budget.maxQueryCost) return undefined;
  return limitError(
    'QUERY_TOO_COMPLEX',
    `Query cost ${cost} exceeds the limit of ${budget.maxQueryCost} for ${payer} (COST_BUDGET_${payer}). Ask for smaller pages (first/last) or fewer nested lists.`,
    { cost, limit: budget.maxQueryCost },
  );
}

export function throttledError(cost: number, status: ThrottleStatus): GraphQLError {
  const wait = Math.ceil((cost - status.currentlyAvailable) / status.restoreRate);
  return limitError(
    'THROTTLED',
    `Throttled: this query costs ${cost} points and ${status.currentlyAvailable} of ${status.maximumAvailable} are available; the bucket refills ${status.restoreRate} points a second (retry in ${wait} s).`,
    { cost, retryAfterSeconds: wait },
  );
}

export function responseTooLargeError(maxBytes: number): GraphQLError {
  return limitError('RESPONSE_TOO_LARGE', `Response larger than ${maxBytes} bytes (MAX_RESPONSE_BYTES): ask for smaller pages or fewer fields.`, {
    limit: maxBytes,
  });
}
