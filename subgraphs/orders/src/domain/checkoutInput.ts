import { isId, Problems, requestFingerprint, requiredText, type DeliveryAddress } from '@zhongtai/kit';
import { SKU_ID_PREFIX } from './ids.ts';
import type { BuyerIdentityInput } from './crossBorder/checkout.ts';
import { identityDigest } from './crossBorder/identityCipher.ts';
import { normaliseResidentId, residentIdProblem } from './crossBorder/residentId.ts';

export interface PlaceOrderInput {
  idempotencyKey: string;
  /** serviceDate: the day a service with limited slots per day is booked for (YYYY-MM-DD); today if none. */
  lines: { skuId: string; quantity: number; serviceDate?: string | null }[];
  address: DeliveryAddress;
  couponCode?: string | null;
  pointsToUse?: number | null;
  note?: string | null;
  /** The app's device id, for the risk center's velocity and coupon-farming rules. */
  deviceId?: string | null;
  /** The customer's choice among the shops' accepted methods (SANDBOX, ALIPAY, WECHAT_PAY); the sandbox when not given. */
  paymentMethod?: 'SANDBOX' | 'ALIPAY' | 'WECHAT_PAY' | null;
  /** The customer's WeChat openid (in WeChat, with WECHAT_PAY): WeChat Pay's JSAPI flow instead of a QR code. */
  payerOpenId?: string | null;
  /** Where the customer ordered (the client says); STAFF only for orders staff place for a member. */
  channel?: SalesChannel | null;
  /** 跨境: the buyer's real name and PRC resident ID number, required when any line is cross-border. */
  buyerIdentity?: BuyerIdentityInput | null;
}

export type SalesChannel = 'APP' | 'MINI_PROGRAM' | 'WEB' | 'STAFF';

export const MAX_LINES = 100;
export const MAX_QUANTITY = 999;
const PHONE = /^\+?[0-9][0-9 -]{4,28}$/;
/** WeChat openids are 28 characters of [A-Za-z0-9_-]; 128 leaves room for other app types. */
const OPENID = /^[A-Za-z0-9_-]{1,128}$/;

/** Every part present and short enough, the phone dialable; trimmed. */
export function validateAddress(a: DeliveryAddress, problems: Problems, field: string[]): DeliveryAddress | undefined {
  const address: Partial<DeliveryAddress> = {};
  for (const part of ['receiver', 'phone', 'province', 'city', 'district', 'detail'] as const) {
    address[part] = requiredText(problems, a[part], [...field, part], `Address ${part}`, part === 'detail' ? 200 : 50);
  }
  if (address.phone) problems.check(PHONE.test(address.phone), [...field, 'phone'], 'INVALID', 'Phone must be digits, optionally with + and spaces');
  return Object.values(address).every(Boolean) ? (address as DeliveryAddress) : undefined;
}

/** The shape rules of a checkout request; business rules (stock, prices, coupon) come later. */
export function validateCheckout(input: PlaceOrderInput, problems: Problems): PlaceOrderInput | undefined {
  const key = requiredText(problems, input.idempotencyKey, ['input', 'idempotencyKey'], 'Idempotency key', 100);
  problems.check(input.lines.length > 0, ['input', 'lines'], 'REQUIRED', 'A checkout needs at least one line');
  problems.check(input.lines.length <= MAX_LINES, ['input', 'lines'], 'TOO_MANY', `At most ${MAX_LINES} lines`);
  const seen = new Set<string>();
  input.lines.forEach((line, i) => {
    const field = ['input', 'lines', String(i)];
    if (!problems.check(isId(SKU_ID_PREFIX, line.skuId), [...field, 'skuId'], 'INVALID_ID', `"${line.skuId}" is not a SKU id`)) return;
    problems.check(!seen.has(line.skuId), [...field, 'skuId'], 'DUPLICATE', 'Each SKU once per checkout; raise its quantity instead');
    seen.add(line.skuId);
    problems.check(
      Number.isInteger(line.quantity) && line.quantity >= 1 && line.quantity <= MAX_QUANTITY,
      [...field, 'quantity'],
      'OUT_OF_RANGE',
      `Quantity is 1 to ${MAX_QUANTITY}`,
    );
  });
  const address = validateAddress(input.address, problems, ['input', 'address']);
  const points = input.pointsToUse ?? 0;
  problems.check(Number.isInteger(points) && points >= 0, ['input', 'pointsToUse'], 'NEGATIVE', 'Points to use cannot be negative');
  problems.check((input.deviceId ?? '').length <= 100, ['input', 'deviceId'], 'TOO_LONG', 'A device id is at most 100 characters');
  problems.check((input.note ?? '').length <= 500, ['input', 'note'], 'TOO_LONG', 'A note is at most 500 characters');
  const openId = input.payerOpenId?.trim() || null;
  if (openId) {
    problems.check(OPENID.test(openId), ['input', 'payerOpenId'], 'INVALID', 'An openid is letters, digits, _ and -');
    // Only WeChat Pay pays inside WeChat; another method with an openid is a mistake, not a QR code.
    problems.check(input.paymentMethod === 'WECHAT_PAY', ['input', 'payerOpenId'], 'INVALID', 'An openid pays with WECHAT_PAY only');
  }
  const buyerIdentity = input.buyerIdentity ? validateBuyerIdentity(input.buyerIdentity, problems) : null;
  if (problems.any || !key) return undefined;
  return {
    ...input,
    idempotencyKey: key,
    address: address!,
    pointsToUse: points,
    couponCode: input.couponCode?.trim() || null,
    payerOpenId: openId,
    buyerIdentity,
  };
}

/** 跨境: a real name (2 to 30 characters) and a valid resident ID number (checksum included). */
function validateBuyerIdentity(buyer: BuyerIdentityInput, problems: Problems): BuyerIdentityInput | null {
  const field = ['input', 'buyerIdentity'];
  const realName = requiredText(problems, buyer.realName, [...field, 'realName'], 'Real name', 30);
  if (realName) problems.check([...realName].length >= 2, [...field, 'realName'], 'INVALID', 'A real name is at least 2 characters, as on the ID card');
  const problem = residentIdProblem(buyer.idNumber);
  // The message never repeats the number: it may be logged with the userErrors.
  problems.check(problem === null, [...field, 'idNumber'], 'INVALID', problem ?? '');
  return realName && problem === null ? { realName, idNumber: normaliseResidentId(buyer.idNumber) } : null;
}

/** Same key, same request: a retry is recognised by the fingerprint of everything but the key. */
export function requestHash(input: PlaceOrderInput): string {
  const { idempotencyKey: _key, buyerIdentity, ...request } = input;
  // The checkout row keeps this hash: the ID number goes into it only as its keyed digest.
  const buyer = buyerIdentity ? { realName: buyerIdentity.realName, idDigest: identityDigest(buyerIdentity.idNumber) } : null;
  return requestFingerprint({ ...request, ...(buyer ? { buyer } : {}), lines: [...input.lines].sort((a, b) => a.skuId.localeCompare(b.skuId)) });
}
