import { and, eq, inArray } from 'drizzle-orm';
import {
  claimIdempotencyKey,
  isId,
  isUniqueViolation,
  logger,
  newId,
  ok,
  parseMoney,
  Problems,
  RECORD_SKIPPED_RISK_JOB,
  requestFingerprint,
  requiredText,
  type MoneyInput,
  type RequestContext,
  type Result,
} from '@zhongtai/kit';
import { payments, type PaymentPurpose, type PaymentRow } from '../db/tables.ts';
import { providerNamed } from '../providers/index.ts';
import type { PaymentProvider, ProviderPayment } from '../providers/provider.ts';
import { atProvider } from './exchangeLog.ts';
import { PAYMENT_ID_PREFIX } from './ids.ts';
import { providerForMethod } from './paymentMethods.ts';
import { assessPayment } from './paymentRisk.ts';
import type { PointsTender } from './tenders.ts';

type PointsTenderInput = PointsTender & { goods: bigint | null };

export interface CreatePaymentInput {
  orderId: string;
  memberId: string;
  purpose: PaymentPurpose;
  amount: MoneyInput;
  provider?: string | null;
  /** The customer's choice (SANDBOX, ALIPAY, WECHAT_PAY) among what every shop of `shopIds` accepts; wins over `provider`. */
  method?: string | null;
  shopIds?: string[] | null;
  idempotencyKey: string;
  riskAssessed?: boolean | null;
  /** The customer's WeChat openid: a WeChat Pay payment in WeChat (JSAPI) instead of a QR code. */
  payerOpenId?: string | null;
  riskAddress?: { province: string; city: string; district: string; detail: string; phone: string } | null;
  /** A combined payment: the member's points that pay the rest of the order (spent at the member center by the caller), and their worth; `amount` is the provider's part. */
  points?: { points: number; amount: MoneyInput; goodsAmount?: MoneyInput | null } | null;
}

const MEMBER_ID_PREFIX = 'mbr';

/**
 * Starts paying an order: asks the provider for a payment (outside any transaction), then
 * stores it in one insert. The unique indexes settle races: one payment per idempotency key,
 * one live (PENDING or SUCCEEDED) payment per order and purpose.
 */
export async function createPayment(ctx: RequestContext, input: CreatePaymentInput): Promise<Result<PaymentRow>> {
  const problems = new Problems();
  const orderId = requiredText(problems, input.orderId, ['input', 'orderId'], 'Order id', 40);
  const memberId = requiredText(problems, input.memberId, ['input', 'memberId'], 'Member id', 40);
  if (memberId) problems.check(isId(MEMBER_ID_PREFIX, memberId), ['input', 'memberId'], 'INVALID_ID', `"${memberId}" is not a member id`);
  const key = requiredText(problems, input.idempotencyKey, ['input', 'idempotencyKey'], 'Idempotency key', 200);
  const amount = parseMoney(input.amount, problems, ['input', 'amount']);
  if (amount !== undefined) problems.check(amount > 0n, ['input', 'amount', 'amount'], 'OUT_OF_RANGE', 'A payment is for more than zero');
  const pointsTender = readPointsTender(problems, input);
  const chosen = input.method ? await providerForMethod(ctx, problems, input.method, input.shopIds ?? [], ['input', 'method']) : undefined;
  if (input.method && !chosen) return problems.refuse();
  const providerName = chosen ?? input.provider ?? 'sandbox';
  const provider = providerNamed(providerName);
  problems.check(provider !== undefined, ['input', 'provider'], 'INVALID', `Unknown payment provider "${providerName}"`);
  if (provider && !provider.enabled()) problems.add(['input', 'provider'], 'PROVIDER_ERROR', `The payment provider ${provider.name} is not enabled here`);
  if (problems.any || !orderId || !memberId || !key || amount === undefined || !provider) return problems.refuse();

  const currencyCode = input.amount.currencyCode;
  const fingerprint = requestFingerprint({
    orderId,
    memberId,
    purpose: input.purpose,
    amount,
    currencyCode,
    provider: provider.name,
    // Only when given: a request without points keeps the fingerprint it always had.
    ...(pointsTender ? { points: pointsTender.points, pointsAmount: pointsTender.amount, goods: pointsTender.goods } : {}),
  });
  const earlier = await byKey(ctx, key);
  if (earlier) return sameRequest(earlier, fingerprint, problems);
  const [live] = await ctx.db
    .select()
    .from(payments)
    .where(and(eq(payments.orderId, orderId), eq(payments.purpose, input.purpose), inArray(payments.status, ['PENDING', 'SUCCEEDED'])));
  if (live) return liveExists(problems, live);

  const id = newId(PAYMENT_ID_PREFIX);
  const risk = input.riskAssessed ? { skipped: null } : await assessPayment(ctx, { id, memberId, amount: input.amount, address: input.riskAddress });
  if ('refusal' in risk) return problems.add(risk.refusal.field, risk.refusal.code, risk.refusal.message).refuse();
  let created: ProviderPayment;
  try {
    created = await atProvider(ctx, () =>
      provider.createPayment({
        paymentId: id,
        amount,
        currencyCode,
        description: `order ${orderId} (${input.purpose})`,
        payerOpenId: input.payerOpenId ?? undefined,
      }),
    );
  } catch (error) {
    logger(ctx).error('provider createPayment failed', { provider: provider.name, error });
    return problems.add(null, 'PROVIDER_ERROR', `The payment provider ${provider.name} is not available; try again`).refuse();
  }
  const claim = await claimIdempotencyKey({
    constraint: 'payments_idempotency_key',
    take: async () => {
      try {
        const [row] = await ctx.db
          .insert(payments)
          .values({
            id,
            orderId,
            memberId,
            purpose: input.purpose,
            amount,
            currencyCode,
            provider: provider.name,
            providerPaymentId: created.providerPaymentId,
            actionUrl: created.action.url,
            actionCode: created.action.code,
            pointsUsed: pointsTender?.points ?? null,
            pointsAmount: pointsTender?.amount ?? null,
            pointsGoodsAmount: pointsTender?.goods ?? null,
            idempotencyKey: key,
            requestFingerprint: fingerprint,
          })
          .returning();
        return row;
      } catch (error) {
        if (!isUniqueViolation(error, 'payments_live_key')) throw error;
        await abandon(ctx, provider, created);
        return undefined; // another live payment of the order won
      }
    },
    holder: () => byKey(ctx, key),
    sameRequest: (holder) => holder.requestFingerprint === fingerprint,
    // A concurrent request with the key won the race: our provider payment is never shown to anyone, close it.
    lost: () => abandon(ctx, provider, created),
  });
  if (claim.kind !== 'taken') return sameRequest(claim.holder, fingerprint, problems);
  if (!claim.value) return problems.add(['input', 'orderId'], 'DUPLICATE', `Order ${orderId} is being paid for ${input.purpose} already`).refuse();
  // Opened without a verdict: the risk center is told once it answers (a job, retried).
  if (risk.skipped) await ctx.events.schedule(ctx.db, RECORD_SKIPPED_RISK_JOB, { input: risk.skipped }, { singletonKey: `risk-skipped-${id}` });
  return ok(claim.value);
}

/** The points tender, when given: whole points, zero or more, worth zero or more in the payment's currency. */
function readPointsTender(problems: Problems, input: CreatePaymentInput): PointsTenderInput | null {
  if (!input.points) return null;
  const field = ['input', 'points'];
  const { points } = input.points;
  problems.check(Number.isInteger(points) && points >= 0, [...field, 'points'], 'OUT_OF_RANGE', 'Points are a whole number, zero or more');
  const amount = parseMoney(input.points.amount, problems, [...field, 'amount']);
  if (amount !== undefined) problems.check(amount >= 0n, [...field, 'amount', 'amount'], 'OUT_OF_RANGE', 'Points are worth zero or more');
  problems.check(
    input.points.amount.currencyCode === input.amount.currencyCode,
    [...field, 'amount', 'currencyCode'],
    'CURRENCY_MISMATCH',
    'Points are worth an amount in the payment’s currency',
  );
  problems.check(points > 0 === (amount !== undefined && amount > 0n), field, 'INVALID', 'Points and their worth are both zero or both more');
  const goods = input.points.goodsAmount ? parseMoney(input.points.goodsAmount, problems, [...field, 'goodsAmount']) : null;
  const paid = parseMoney(input.amount, new Problems(), []);
  if (goods !== null && goods !== undefined)
    problems.check(
      goods >= 0n && paid !== undefined && goods <= paid && input.points.goodsAmount?.currencyCode === input.amount.currencyCode,
      [...field, 'goodsAmount'],
      'OUT_OF_RANGE',
      'The goods are zero to the whole amount, in its currency',
    );
  return amount === undefined || goods === undefined ? null : { points, amount, goods };
}

async function byKey(ctx: RequestContext, key: string): Promise<PaymentRow | undefined> {
  const [row] = await ctx.db.select().from(payments).where(eq(payments.idempotencyKey, key));
  return row;
}

function sameRequest(earlier: PaymentRow, fingerprint: string, problems: Problems): Result<PaymentRow> {
  if (earlier.requestFingerprint === fingerprint) return ok(earlier);
  return problems.add(['input', 'idempotencyKey'], 'IDEMPOTENCY_KEY_REUSED', 'This idempotency key was used for a different payment').refuse();
}

function liveExists(problems: Problems, live: PaymentRow): Result<PaymentRow> {
  const what = live.status === 'SUCCEEDED' ? 'paid' : 'being paid';
  return problems.add(['input', 'orderId'], 'DUPLICATE', `Order ${live.orderId} is ${what} for ${live.purpose} already (payment ${live.id})`).refuse();
}

async function abandon(ctx: RequestContext, provider: PaymentProvider, created: ProviderPayment): Promise<void> {
  await atProvider(ctx, () => provider.closePayment({ providerPaymentId: created.providerPaymentId })).catch((error) => {
    logger({ center: 'payments' }).error('could not close an abandoned provider payment', {
      provider: provider.name,
      providerPaymentId: created.providerPaymentId,
      error,
    });
  });
}
