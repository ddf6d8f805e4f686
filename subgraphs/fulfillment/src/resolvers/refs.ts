export const shopRef = (row: { shopId: string }) => ({ __typename: 'Shop', id: row.shopId });
export const orderRef = (row: { orderId: string }) => ({ __typename: 'Order', id: row.orderId });
export const warehouseRef = (row: { warehouseId: string | null }) => (row.warehouseId ? { __typename: 'Warehouse', id: row.warehouseId } : null);
export const skuRef = (row: { skuId: string }) => ({ __typename: 'Sku', id: row.skuId });
export const supplierRef = (row: { supplierId: string | null }) => (row.supplierId ? { __typename: 'Supplier', id: row.supplierId } : null);
