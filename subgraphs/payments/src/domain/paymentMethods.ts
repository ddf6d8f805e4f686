import { eq, inArray } from 'drizzle-orm';
import { isId, ok, Problems, shopForWrite, type RequestContext, type Result } from '@zhongtai/kit';
import { shopPaymentMethods } from '../db/tables.ts';
import { providerNamed } from '../providers/index.ts';
import { shopPaymentMethodsTenancy } from './tenancy.ts';

/** 支付方式 as the customer chooses them, and the provider behind each. */
export const PAYMENT_METHODS = { SANDBOX: 'sandbox', ALIPAY: 'alipay', WECHAT_PAY: 'wechatpay' } as const;
export type PaymentMethod = keyof typeof PAYMENT_METHODS;

const isMethod = (m: string): m is PaymentMethod => Object.hasOwn(PAYMENT_METHODS, m);
/** A method is usable only while its provider is configured (enabled) here. */
const usable = (m: PaymentMethod) => providerNamed(PAYMENT_METHODS[m])?.enabled() === true;

/** What a shop accepts now: its own list (or every method), less those this deployment has not enabled. */
export async function methodsOfShops(ctx: RequestContext, shopIds: readonly string[]): Promise<Map<string, PaymentMethod[]>> {
  const rows = shopIds.length
    ? await ctx.db
        .select()
        .from(shopPaymentMethods)
        .where(inArray(shopPaymentMethods.shopId, [...shopIds]))
    : [];
  const all = (Object.keys(PAYMENT_METHODS) as PaymentMethod[]).filter(usable);
  return new Map(shopIds.map((id) => [id, (rows.find((r) => r.shopId === id)?.methods.filter(isMethod) ?? all).filter(usable)]));
}

export async function methodsOfShop(ctx: RequestContext, shopId: string): Promise<PaymentMethod[]> {
  return (await methodsOfShops(ctx, [shopId])).get(shopId) ?? [];
}

/**
 * The provider a checkout's chosen method goes through: the method must be known and accepted
 * by every shop of the checkout (a userError otherwise, on `field`).
 */
export async function providerForMethod(
  ctx: RequestContext,
  problems: Problems,
  method: string,
  shopIds: readonly string[],
  field: string[],
): Promise<string | undefined> {
  if (!isMethod(method)) return void problems.add(field, 'INVALID', `Unknown payment method ${method}`);
  const accepted = await methodsOfShops(ctx, shopIds);
  const refusing = shopIds.filter((id) => !accepted.get(id)?.includes(method));
  if (!usable(method) || refusing.length)
    return void problems.add(field, 'INACTIVE', `${method} is not accepted here${refusing.length ? ` (shop ${refusing.join(', ')})` : ''}`);
  return PAYMENT_METHODS[method];
}

/** A merchant (its own shop) or an operator sets the methods a shop accepts; at least one, each known. */
export async function setShopPaymentMethods(ctx: RequestContext, input: { shopId: string; methods: string[] }): Promise<Result<{ id: string }>> {
  const problems = new Problems();
  problems.check(isId('shp', input.shopId), ['input', 'shopId'], 'INVALID_ID', `"${input.shopId}" is not a shop id`);
  if (problems.any) return problems.refuse();
  const shopId = shopForWrite(ctx, shopPaymentMethodsTenancy, input.shopId) ?? input.shopId;
  const methods = [...new Set(input.methods)];
  problems.check(methods.length > 0, ['input', 'methods'], 'REQUIRED', 'A shop accepts at least one payment method');
  for (const m of methods) problems.check(isMethod(m), ['input', 'methods'], 'INVALID', `Unknown payment method ${m}`);
  if (problems.any) return problems.refuse();
  const now = ctx.now();
  await ctx.db
    .insert(shopPaymentMethods)
    .values({ shopId, methods })
    .onConflictDoUpdate({ target: shopPaymentMethods.shopId, set: { methods, updatedAt: now } });
  const [row] = await ctx.db.select({ id: shopPaymentMethods.shopId }).from(shopPaymentMethods).where(eq(shopPaymentMethods.shopId, shopId));
  return ok(row ?? { id: shopId });
}
