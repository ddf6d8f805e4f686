import type { ConnectionArgs, RequestContext } from '@zhongtai/kit';
import { listCarriers } from '../domain/carriers.ts';
import { quoteFreight } from '../domain/freightQuote.ts';
import { findTemplate, listTemplates } from '../domain/freightTemplates.ts';
import { findNotice, listNotices, type NoticeFilter } from '../domain/notices.ts';
import { findCarrierBill, listCarrierBills, type CarrierBillFilter } from '../domain/carrierBills.ts';
import { freightMarginsByShop } from '../domain/freightMargins.ts';
import { findShipment, listShipments, type ShipmentFilter, type ShipmentSort } from '../domain/shipments.ts';
import { orderVouchers } from '../domain/vouchers.ts';
import type { QueryResolvers } from '../generated/resolvers.ts';

type List<F> = ConnectionArgs & { filter?: F | null };
type Ctx = RequestContext;

export const Query: QueryResolvers = {
  freightTemplates: (_: unknown, args: List<{ shopId?: string | null }>, ctx: Ctx) => listTemplates(ctx, args, args.filter ?? {}),
  freightTemplate: (_: unknown, { id }: { id: string }, ctx: Ctx) => findTemplate(ctx, id),
  carriers: (_: unknown, __: unknown, ctx: Ctx) => listCarriers(ctx),
  shippingNotices: (_: unknown, args: List<NoticeFilter>, ctx: Ctx) => listNotices(ctx, args, args.filter ?? {}),
  shippingNotice: (_: unknown, { id }: { id: string }, ctx: Ctx) => findNotice(ctx, id),
  shipments: (_: unknown, args: List<ShipmentFilter> & { sort?: ShipmentSort | null }, ctx: Ctx) =>
    listShipments(ctx, args, args.filter ?? {}, args.sort ?? 'ATTENTION'),
  freightMargins: (_: unknown, args: { from: Date; to: Date; shopId?: string | null }, ctx: Ctx) => freightMarginsByShop(ctx, args),
  carrierBills: (_: unknown, args: List<CarrierBillFilter>, ctx: Ctx) => listCarrierBills(ctx, args, args.filter ?? {}),
  carrierBill: (_: unknown, { id }: { id: string }, ctx: Ctx) => findCarrierBill(ctx, id),
  shipment: (_: unknown, { id }: { id: string }, ctx: Ctx) => findShipment(ctx, id),
  serviceVouchers: (_: unknown, { orderId }: { orderId: string }, ctx: Ctx) => orderVouchers(ctx, orderId),
  quoteFreight: (_: unknown, { input }: { input: Parameters<typeof quoteFreight>[1] }, ctx: Ctx) => quoteFreight(ctx, input),
};
