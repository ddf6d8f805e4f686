import { and, asc, gt, inArray } from 'drizzle-orm';
import {
  catalogService,
  isId,
  newId,
  ok,
  parseMoney,
  Problems,
  toMinor,
  type ConnectionArgs,
  type MoneyInput,
  type RequestContext,
  type Result,
  listTable,
  scopedWhere,
  shopForWrite,
} from '@zhongtai/kit';
import { presalePlanTenancy } from './tenancy.ts';
import { presalePlans, type OrderRow } from '../db/tables.ts';
import { PRESALE_PLAN_ID_PREFIX, SKU_ID_PREFIX } from './ids.ts';

export type PresalePlanRow = typeof presalePlans.$inferSelect;

export interface CreatePresalePlanInput {
  skuId: string;
  depositPerUnit: MoneyInput;
  balanceStartsAt: Date;
  balanceEndsAt: Date;
}

/** An operator or the SKU's merchant offers a SKU on deposit until its balance window opens. */
export async function createPresalePlan(ctx: RequestContext, input: CreatePresalePlanInput): Promise<Result<PresalePlanRow>> {
  const problems = new Problems();
  if (!isId(SKU_ID_PREFIX, input.skuId)) return problems.add(['input', 'skuId'], 'INVALID_ID', `"${input.skuId}" is not a SKU id`).refuse();
  const { quoteSkus } = await ctx.services.call(catalogService.quoteSkus, { ids: [input.skuId] });
  const quote = quoteSkus[0];
  if (!quote) return problems.add(['input', 'skuId'], 'NOT_FOUND', `SKU ${input.skuId} does not exist`).refuse();
  shopForWrite(ctx, presalePlanTenancy, quote.shopId);
  const deposit = parseMoney(input.depositPerUnit, problems, ['input', 'depositPerUnit']);
  const price = toMinor(quote.price);
  if (deposit !== undefined) {
    problems.check(
      input.depositPerUnit.currencyCode === quote.price.currencyCode,
      ['input', 'depositPerUnit', 'currencyCode'],
      'CURRENCY_MISMATCH',
      `The SKU is priced in ${quote.price.currencyCode}`,
    );
    problems.check(
      deposit > 0n && deposit < price,
      ['input', 'depositPerUnit', 'amount'],
      'OUT_OF_RANGE',
      'A deposit is more than zero and less than the price',
    );
  }
  problems.check(input.balanceStartsAt.getTime() > ctx.now().getTime(), ['input', 'balanceStartsAt'], 'OUT_OF_RANGE', 'The balance window opens in the future');
  problems.check(input.balanceEndsAt > input.balanceStartsAt, ['input', 'balanceEndsAt'], 'OUT_OF_RANGE', 'The balance window ends after it opens');
  if (problems.any || deposit === undefined) return problems.refuse();
  const [row] = await ctx.db
    .insert(presalePlans)
    .values({
      id: newId(PRESALE_PLAN_ID_PREFIX),
      shopId: quote.shopId,
      skuId: quote.id,
      depositPerUnit: deposit,
      currency: quote.price.currencyCode,
      balanceStartsAt: input.balanceStartsAt,
      balanceEndsAt: input.balanceEndsAt,
    })
    .returning();
  return ok(row!);
}

/** Plans taking deposits now for these SKUs (the latest one per SKU wins). */
export async function openPresalePlans(ctx: RequestContext, skuIds: string[]): Promise<Map<string, PresalePlanRow>> {
  if (!skuIds.length) return new Map();
  const rows = await ctx.db
    .select()
    .from(presalePlans)
    .where(and(inArray(presalePlans.skuId, skuIds), gt(presalePlans.balanceStartsAt, ctx.now())))
    .orderBy(asc(presalePlans.createdAt));
  return new Map(rows.map((r) => [r.skuId, r]));
}

export function listPresalePlans(ctx: RequestContext, args: ConnectionArgs, shopId?: string | null) {
  return listTable(ctx.db, presalePlans, args, {
    where: scopedWhere(ctx, presalePlanTenancy, { shopId }),
    sort: { column: presalePlans.createdAt, direction: 'DESC' },
  });
}

export const isPresale = (order: Pick<OrderRow, 'type'>) => order.type === 'PRESALE';
export const balanceOf = (order: Pick<OrderRow, 'payableAmount' | 'depositAmount'>) => order.payableAmount - order.depositAmount;
