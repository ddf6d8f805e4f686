import type { Resolvers } from '../generated/resolvers.ts';
import { Carrier } from './Carrier.ts';
import { CarrierBill, CarrierBillLine } from './CarrierBill.ts';
import { ShopFreightMargin } from './ShopFreightMargin.ts';
import { FreightRule, FreightTemplate } from './FreightTemplate.ts';
import { Mutation } from './Mutation.ts';
import { Order } from './Order.ts';
import { Query } from './Query.ts';
import { ServiceVoucher } from './ServiceVoucher.ts';
import { Shipment, ShipmentLine, TrackingEvent } from './Shipment.ts';
import { ShippingNotice, ShippingNoticeLine } from './ShippingNotice.ts';
import { Supplier } from './Supplier.ts';

export const resolvers: Resolvers = {
  Query,
  Mutation,
  Supplier,
  Order,
  FreightTemplate,
  FreightRule,
  Carrier,
  CarrierBill,
  CarrierBillLine,
  ShopFreightMargin,
  ShippingNotice,
  ShippingNoticeLine,
  Shipment,
  ShipmentLine,
  TrackingEvent,
  ServiceVoucher,
};
