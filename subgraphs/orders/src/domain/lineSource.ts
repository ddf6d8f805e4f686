import type { OrderPaidEvent } from '@zhongtai/kit';
import type { OrderLineRow } from '../db/tables.ts';

type Line = Pick<OrderLineRow, 'productType' | 'warehouseId' | 'supplierId'>;

/** Where fulfillment ships a line from: its supplier (代发), the warehouse holding it, or nowhere (a service). */
export function lineSource(line: Line): OrderPaidEvent['lines'][number]['source'] {
  if (line.productType === 'SERVICE') return { kind: 'NONE' };
  if (line.supplierId) return { kind: 'SUPPLIER', supplierId: line.supplierId };
  return line.warehouseId ? { kind: 'WAREHOUSE', warehouseId: line.warehouseId } : { kind: 'NONE' };
}

export const fulfillmentSource = (line: Line) => lineSource(line).kind;
