import { createHash, timingSafeEqual } from 'node:crypto';
import type { TrackingStatus } from '../../db/shipmentTables.ts';
import type { CarrierTrackingEvent } from '../../domain/tracking.ts';

/**
 * 快递100's subscribe-and-push protocol, as its documentation describes it (see the README):
 * the subscription is a form POST of `schema=json` and `param` = JSON {company, number, key,
 * parameters: {callbackurl, salt, resultv2}}; a push is a form POST of `param` (JSON with the
 * monitoring `status` and `lastResult` {state, ischeck, com, nu, data[]}, data newest first) and
 * `sign` = MD5(param + salt) in upper-case hex. Pure functions: the fake in the tests uses them too.
 */

export const md5Upper = (text: string) => createHash('md5').update(text, 'utf8').digest('hex').toUpperCase();

/** The push's signature, over the exact `param` text received. */
export const pushSign = (param: string, salt: string) => md5Upper(param + salt);

export function verifyPushSign(param: string, salt: string, sign: string | undefined): boolean {
  if (!sign) return false;
  const expected = Buffer.from(pushSign(param, salt));
  const given = Buffer.from(sign.trim().toUpperCase());
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export interface SubscribeParam {
  company: string;
  number: string;
  key: string;
  to?: string;
  parameters: { callbackurl: string; salt: string; resultv2: string; phone?: string };
}

/** One tracking line of `lastResult.data`: `ftime` is China time, `status` its state's name (resultv2=1). */
export interface PushDataLine {
  context?: string;
  time?: string;
  ftime?: string;
  status?: string;
  statusCode?: string;
  areaName?: string;
}

export interface PushParam {
  /** polling, shutdown (signed for: the end), abort (3 days without a record, 60 days unchanged), updateall. */
  status?: string;
  message?: string;
  lastResult?: { state?: string; ischeck?: string; com?: string; nu?: string; data?: PushDataLine[] };
}

/** The 10 base states (state / statusCode); resultv2=1 sends these. */
const BASE_STATES: Record<string, TrackingStatus> = {
  '0': 'IN_TRANSIT', // 在途
  '1': 'PICKED_UP', // 揽收
  '2': 'EXCEPTION', // 疑难
  '3': 'DELIVERED', // 签收
  '4': 'EXCEPTION', // 退签
  '5': 'OUT_FOR_DELIVERY', // 派件
  '6': 'EXCEPTION', // 退回
  '7': 'IN_TRANSIT', // 转投
  '8': 'IN_TRANSIT', // 清关
  '14': 'EXCEPTION', // 拒签
};

/** The same states by the name a data line carries with resultv2=1. */
const STATE_NAMES: Record<string, TrackingStatus> = {
  在途: 'IN_TRANSIT',
  揽收: 'PICKED_UP',
  疑难: 'EXCEPTION',
  签收: 'DELIVERED',
  退签: 'EXCEPTION',
  派件: 'OUT_FOR_DELIVERY',
  退回: 'EXCEPTION',
  转投: 'IN_TRANSIT',
  清关: 'IN_TRANSIT',
  拒签: 'EXCEPTION',
};

/**
 * A state code in our words. The advanced three-digit codes (resultv2=4: 301 本人签收, 201 超时未签收,
 * 501 投柜或驿站, ...) fall under the base state of their first digit; 101/102 (ordered, awaiting
 * pick-up) say nothing a shipped parcel does not, and an unknown code is not acted on.
 */
export function kuaidi100State(code: string): TrackingStatus | null {
  const c = code.trim();
  if (BASE_STATES[c]) return BASE_STATES[c];
  if (/^[1-6]\d\d$/.test(c)) return c === '101' || c === '102' ? null : (BASE_STATES[c.charAt(0)] ?? null);
  return null;
}

/** `2024-05-01 10:20:30` in China time (UTC+8, no daylight saving) as an instant; undefined when unreadable. */
export function chinaTime(text: string | undefined): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text?.trim() ?? '');
  if (!m) return undefined;
  const at = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}+08:00`);
  return Number.isNaN(at.getTime()) ? undefined : at;
}

/**
 * The push's tracking lines as our events, oldest first. 快递100 sends the whole history each time
 * (全量), so an event's id is derived from the line itself (number, time, text): a line pushed again
 * is the same event, and the tracking table's key makes it a no-op. The newest line takes the
 * parcel's overall `state`; older lines their own state where the push names one.
 */
export function eventsOfPush(push: PushParam): CarrierTrackingEvent[] | undefined {
  const last = push.lastResult;
  const nu = last?.nu?.trim();
  if (!last || !nu || !Array.isArray(last.data)) return undefined;
  const events: CarrierTrackingEvent[] = [];
  last.data.forEach((line, i) => {
    const at = chinaTime(line.ftime ?? line.time);
    if (!at || typeof line.context !== 'string') return;
    const own = line.statusCode ? kuaidi100State(line.statusCode) : line.status ? (STATE_NAMES[line.status.trim()] ?? null) : null;
    const status = i === 0 && last.state !== undefined ? kuaidi100State(String(last.state)) : (own ?? 'IN_TRANSIT');
    if (!status) return;
    events.push({
      eventId: `k100:${nu}:${at.toISOString()}:${md5Upper(line.context).slice(0, 12)}`,
      trackingNumber: nu,
      status,
      occurredAt: at.toISOString(),
      location: line.areaName?.slice(0, 200) ?? null,
      description: line.context.slice(0, 2000),
    });
  });
  return events.reverse();
}

/** Reads a push's form body: the exact `param` text (the signature covers it), its JSON and the sign. */
export function readPushForm(rawBody: string): { param: string; sign: string | undefined; push: PushParam | undefined } {
  const form = new URLSearchParams(rawBody);
  const param = form.get('param') ?? '';
  let push: PushParam | undefined;
  try {
    const parsed: unknown = JSON.parse(param);
    push = parsed && typeof parsed === 'object' ? (parsed as PushParam) : undefined;
  } catch {
    push = undefined;
  }
  return { param, sign: form.get('sign') ?? undefined, push };
}
