import { SCOPED_BY_FIELDS, type EntityScope } from '@zhongtai/kit';
import type { ShipmentRow } from '../db/shipmentTables.ts';
import type { FreightTemplateRow, ShippingNoticeRow } from '../db/tables.ts';

const delivery = { shop: (row: { shopId: string }) => row.shopId, member: (row: { memberId: string }) => row.memberId };

export const entityScopes = {
  Order: SCOPED_BY_FIELDS,
  Supplier: SCOPED_BY_FIELDS,
  FreightTemplate: { shop: (t) => t.shopId } satisfies EntityScope<FreightTemplateRow>,
  // The platform's list of carriers: names and promised days, nothing secret (see the SDL).
  Carrier: { public: () => true } satisfies EntityScope,
  ShippingNotice: delivery satisfies EntityScope<ShippingNoticeRow>,
  Shipment: delivery satisfies EntityScope<ShipmentRow>,
};
