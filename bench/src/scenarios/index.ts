import type { Scenario } from './scenario.ts';
import { adminOrderList } from './S1-adminOrderList.ts';
import { orderDetail } from './S2-orderDetail.ts';
import { merchantProductList } from './S3-merchantProductList.ts';
import { productPage } from './S4-productPage.ts';
import { placeOrder } from './S5-placeOrder.ts';

export * from './scenario.ts';

/** Every scenario, in run order. A new one (analytics, ...) is a file here and a line below. */
export const SCENARIOS: Scenario[] = [adminOrderList, orderDetail, merchantProductList, productPage, placeOrder];

export function scenarioNamed(name: string): Scenario {
  const found = SCENARIOS.find((s) => s.name.toLowerCase() === name.toLowerCase());
  if (!found) throw new Error(`unknown scenario ${name}; known: ${SCENARIOS.map((s) => s.name).join(', ')}`);
  return found;
}
