import { tenancy } from '@zhongtai/kit';
import { stockLevels, stockMovements, warehouses } from '../db/tables.ts';
import { inboundReceipts, outboundOrders, stocktakes } from '../db/wmsTables.ts';

/** A warehouse is its shop's, or the platform's (shop null): merchants may store goods there, so they read it. */
export const warehouseTenancy = tenancy('warehouse', warehouses, { shop: 'shopId', platform: 'shared' });

/** Stock is its SKU's shop's, in whichever warehouse it lies. */
export const stockLevelTenancy = tenancy<typeof stockLevels, { shopId: string | null }>('stock level', stockLevels, { shop: 'shopId' });
export const stockMovementTenancy = tenancy('stock movement', stockMovements, { shop: 'shopId' });

/** WMS documents carry their warehouse's owner: a platform warehouse's are the platform's work. */
export const inboundReceiptTenancy = tenancy('inbound receipt', inboundReceipts, { shop: 'shopId', platform: 'private' });
export const outboundOrderTenancy = tenancy('outbound order', outboundOrders, { shop: 'shopId', platform: 'private' });
export const stocktakeTenancy = tenancy('stocktake', stocktakes, { shop: 'shopId', platform: 'private' });
