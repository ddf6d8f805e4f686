import type { NoticeStatus } from '../db/tables.ts';
import type { TrackingStatus } from '../db/shipmentTables.ts';

/**
 * Work lists put what needs a person first. Each row keeps a `queue_key` = `<rank>|<due ISO>`,
 * sorted ascending (keyset on one text column): rank 0 are problems (a carrier EXCEPTION, a
 * notice inventory refused), rank 1 work in flight, rank 2 done. Within a rank the earliest due
 * comes first, so everything LATE (due in the past, not done) precedes what is still on time,
 * whatever "now" is, without re-sorting rows as time passes.
 *
 * "Late": a shipping notice not shipped within NOTICE_DUE_HOURS of payment; a shipment not
 * delivered within its carrier's promised days (carriers.promised_days) of shipping.
 */
export const NOTICE_DUE_HOURS = 48;

const key = (rank: number, due: Date) => `${rank}|${due.toISOString()}`;

export function noticeQueueKey(status: NoticeStatus, dueBy: Date): string {
  return key(status === 'OUTBOUND_FAILED' ? 0 : status === 'SHIPPED' || status === 'CANCELLED' ? 2 : 1, dueBy);
}

export function shipmentQueueKey(status: TrackingStatus, dueBy: Date): string {
  return key(status === 'EXCEPTION' ? 0 : status === 'DELIVERED' ? 2 : 1, dueBy);
}

export const noticeDueBy = (paidAt: Date) => new Date(paidAt.getTime() + NOTICE_DUE_HOURS * 3600_000);
export const shipmentDueBy = (shippedAt: Date, promisedDays: number) => new Date(shippedAt.getTime() + promisedDays * 86400_000);

export const isLateNotice = (row: { status: NoticeStatus; dueBy: Date }, now = new Date()) => row.status !== 'SHIPPED' && row.dueBy < now;
export const isLateShipment = (row: { progress: TrackingStatus; dueBy: Date }, now = new Date()) => row.progress !== 'DELIVERED' && row.dueBy < now;
