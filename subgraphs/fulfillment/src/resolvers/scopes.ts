import { SCOPED_BY_FIELDS } from '@zhongtai/kit';
import { carrierBillTenancy, carrierTenancy, freightTemplateTenancy, shipmentTenancy, shippingNoticeTenancy } from '../domain/tenancy.ts';

export const entityScopes = {
  Order: SCOPED_BY_FIELDS,
  Supplier: SCOPED_BY_FIELDS,
  FreightTemplate: freightTemplateTenancy,
  Carrier: carrierTenancy,
  ShippingNotice: shippingNoticeTenancy,
  Shipment: shipmentTenancy,
  CarrierBill: carrierBillTenancy,
};
