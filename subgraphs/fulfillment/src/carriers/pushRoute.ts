import { and, eq } from 'drizzle-orm';
import type { CenterRoute, RequestContext, RouteResponse } from '@zhongtai/kit';
import { trackingSubscriptions } from '../db/carrierTables.ts';
import { shipments } from '../db/shipmentTables.ts';
import { carriers } from '../db/tables.ts';
import { applyTrackingEvent } from '../domain/tracking.ts';
import { kuaidi100Adapter } from './kuaidi100/index.ts';
import { readPushForm } from './kuaidi100/protocol.ts';
import { KUAIDI100_PUSH_PATH } from './wire.ts';

/**
 * POST /hooks/fulfillment/kuaidi100/push: 快递100's push for a parcel we subscribed. The parcel it
 * names (lastResult.nu, .com) only tells which salt to check the signature with; nothing is written
 * before the signature checks out. Every failure answers result=false, which 快递100 delivers again;
 * a push already recorded (全量: the whole history each time) changes nothing and answers success.
 */
export const kuaidi100Push: CenterRoute = {
  method: 'POST',
  path: KUAIDI100_PUSH_PATH,
  handle: (ctx, request) => receiveKuaidi100Push(ctx, request),
};

export async function receiveKuaidi100Push(ctx: RequestContext, request: { rawBody: string; headers: Headers }): Promise<RouteResponse> {
  const adapter = kuaidi100Adapter;
  const fail = (status: number, message: string) => adapter.answer({ ok: false, status, message });
  if (!adapter.enabled()) return fail(404, '未启用 not configured');
  const last = readPushForm(request.rawBody).push?.lastResult;
  const number = typeof last?.nu === 'string' ? last.nu.trim() : '';
  if (!number) return fail(400, '无法识别的推送 unreadable push');
  const candidates = await ctx.db
    .select({ subscription: trackingSubscriptions, carrier: carriers })
    .from(trackingSubscriptions)
    .innerJoin(shipments, eq(shipments.id, trackingSubscriptions.shipmentId))
    .innerJoin(carriers, eq(carriers.id, shipments.carrierId))
    .where(and(eq(trackingSubscriptions.adapter, 'KUAIDI100'), eq(shipments.trackingNumber, number)));
  // One number may exist at two carriers: the company code tells them apart.
  const found = candidates.length > 1 ? candidates.find((c) => c.carrier.trackingCompanyCode === last?.com) : candidates[0];
  if (!found) return fail(404, '未订阅的单号 unknown parcel');
  const reading = adapter.readPush(request, found.subscription.salt);
  if (reading.verdict === 'BAD_SIGNATURE') return fail(401, '签名错误 bad signature');
  if (reading.verdict !== 'VALID') return fail(400, reading.problem);
  let recorded = 0;
  for (const event of reading.events) {
    const result = await applyTrackingEvent(ctx, found.carrier, event);
    if (result.outcome === 'UNKNOWN_SHIPMENT') return fail(404, '未订阅的单号 unknown parcel');
    if (result.outcome === 'RECORDED') recorded++;
  }
  await ctx.db
    .update(trackingSubscriptions)
    .set({ lastPushAt: ctx.now(), updatedAt: ctx.now(), ...(reading.monitor === 'ENDED' ? { status: 'ENDED' as const } : {}) })
    .where(eq(trackingSubscriptions.shipmentId, found.subscription.shipmentId));
  return adapter.answer({ ok: true, status: 200, message: recorded ? `${recorded} recorded` : 'already recorded' });
}
