import type { CenterDefinition } from '@zhongtai/kit';
import { aftersalesCenter } from '@zhongtai/aftersales';
import { financeCenter } from '@zhongtai/finance';
import { catalogCenter } from '@zhongtai/catalog';
import { contentCenter } from '@zhongtai/content';
import { inventoryCenter } from '@zhongtai/inventory';
import { ordersCenter } from '@zhongtai/orders';
import { paymentsCenter } from '@zhongtai/payments';
import { procurementCenter } from '@zhongtai/procurement';
import { fulfillmentCenter } from '@zhongtai/fulfillment';
import { marketingCenter } from '@zhongtai/marketing';
import { membersCenter } from '@zhongtai/members';
import { shopsCenter } from '@zhongtai/shops';
import { reviewsCenter } from '@zhongtai/reviews';
import { riskCenter } from '@zhongtai/risk';
import { analyticsCenter } from '@zhongtai/analytics';

/**
 * Every center of the graph, with the port it listens on in cluster mode. The order is the
 * start order: a center's seed may refer to ids another center seeds, never to its rows.
 */
export const CENTERS: { definition: CenterDefinition; port: number }[] = [
  { definition: shopsCenter, port: 4101 },
  { definition: catalogCenter, port: 4102 },
  { definition: inventoryCenter, port: 4103 },
  { definition: membersCenter, port: 4104 },
  { definition: marketingCenter, port: 4105 },
  { definition: fulfillmentCenter, port: 4106 },
  { definition: ordersCenter, port: 4107 },
  { definition: paymentsCenter, port: 4108 },
  { definition: procurementCenter, port: 4109 },
  { definition: aftersalesCenter, port: 4110 },
  { definition: reviewsCenter, port: 4111 },
  { definition: contentCenter, port: 4112 },
  { definition: financeCenter, port: 4113 },
  { definition: riskCenter, port: 4114 },
  { definition: analyticsCenter, port: 4115 },
];

export const allCenters = (): CenterDefinition[] => CENTERS.map((c) => c.definition);

export function centerNamed(name: string): CenterDefinition {
  const found = CENTERS.find((c) => c.definition.name === name);
  if (!found) throw new Error(`unknown center ${name}; known: ${CENTERS.map((c) => c.definition.name).join(', ')}`);
  return found.definition;
}

/** The URL a center's subgraph has in cluster mode, unless SUBGRAPH_URL_<NAME> says otherwise. */
export function defaultSubgraphUrl(name: string): string {
  const found = CENTERS.find((c) => c.definition.name === name);
  if (!found) throw new Error(`unknown center ${name}`);
  return `http://127.0.0.1:${found.port}/graphql`;
}
