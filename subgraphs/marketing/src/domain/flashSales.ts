import { and, eq, gt, inArray, isNull, lte, sql, type SQL } from 'drizzle-orm';
import {
  catalogService,
  isId,
  newId,
  ok,
  parsePrice,
  parseUnitPrice,
  Problems,
  requiredText,
  shopForWrite,
  type ConnectionArgs,
  type MoneyInput,
  type RequestContext,
  type Result,
  listTable,
  scopedWhere,
} from '@zhongtai/kit';
import { flashSaleTenancy } from './tenancy.ts';
import { flashSales, flashSaleTakes, type FlashSaleRow } from '../db/tables.ts';
import { FLASH_SALE_ID_PREFIX, TAKE_ID_PREFIX } from './ids.ts';
import { campaignFor } from './promotions.ts';
import { validateWindow, wholeNumber } from './rules.ts';

export interface CreateFlashSaleInput {
  shopId?: string | null;
  skuId: string;
  campaignId?: string | null;
  name: string;
  price: MoneyInput;
  quantity: number;
  perMemberLimit?: number | null;
  startsAt: Date;
  endsAt: Date;
}

/** A flash sale belongs to the SKU's shop and must sell below the SKU's current price. */
export async function createFlashSale(ctx: RequestContext, input: CreateFlashSaleInput): Promise<Result<FlashSaleRow>> {
  const problems = new Problems();
  const name = requiredText(problems, input.name, ['input', 'name'], 'Flash sale name', 100);
  const price = parseUnitPrice(input.price, problems, ['input', 'price']);
  wholeNumber(problems, input.quantity, 'quantity', 1, 1_000_000);
  wholeNumber(problems, input.perMemberLimit ?? 1, 'perMemberLimit', 1, 100);
  validateWindow(problems, input.startsAt, input.endsAt, ['startsAt', 'endsAt']);
  if (!isId(catalogService.SKU_ID_PREFIX, input.skuId)) return problems.add(['input', 'skuId'], 'INVALID_ID', `"${input.skuId}" is not a SKU id`).refuse();
  const [quote] = (await ctx.services.call(catalogService.quoteSkus, { ids: [input.skuId] })).quoteSkus;
  if (!quote) return problems.add(['input', 'skuId'], 'NOT_FOUND', `SKU ${input.skuId} not found`).refuse();
  const shopId = shopForWrite(ctx, flashSaleTenancy, input.shopId ?? quote.shopId)!;
  problems.check(shopId === quote.shopId, ['input', 'skuId'], 'INVALID', 'The SKU belongs to another shop');
  if (price !== undefined) {
    const list = parsePrice(quote.price, problems, ['input', 'skuId']);
    problems.check(
      input.price.currencyCode === quote.price.currencyCode,
      ['input', 'price', 'currencyCode'],
      'CURRENCY_MISMATCH',
      `The SKU is priced in ${quote.price.currencyCode}`,
    );
    if (list !== undefined)
      problems.check(price < list, ['input', 'price', 'amount'], 'OUT_OF_RANGE', `A flash-sale price must be below the SKU's price ${quote.price.amount}`);
  }
  const campaign = await campaignFor(ctx, problems, input.campaignId, shopId);
  if (problems.any || !name || price === undefined) return problems.refuse();
  const [row] = await ctx.db
    .insert(flashSales)
    .values({
      id: newId(FLASH_SALE_ID_PREFIX),
      shopId,
      skuId: quote.id,
      campaignId: campaign?.id ?? null,
      name,
      price,
      currency: input.price.currencyCode,
      quantity: input.quantity,
      perMemberLimit: input.perMemberLimit ?? 1,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
    })
    .returning();
  return ok(row!);
}

export function listFlashSales(
  ctx: RequestContext,
  args: ConnectionArgs,
  filter: { shopId?: string | null; skuId?: string | null; campaignId?: string | null; activeAt?: Date | null } = {},
) {
  const conditions: (SQL | undefined)[] = [scopedWhere(ctx, flashSaleTenancy, { shopId: filter.shopId })];
  if (filter.skuId) conditions.push(eq(flashSales.skuId, filter.skuId));
  if (filter.campaignId) conditions.push(eq(flashSales.campaignId, filter.campaignId));
  if (filter.activeAt) conditions.push(lte(flashSales.startsAt, filter.activeAt), gt(flashSales.endsAt, filter.activeAt));
  return listTable(ctx.db, flashSales, args, { where: and(...conditions), sort: { column: flashSales.createdAt, direction: 'DESC' } });
}

/** Flash sales running now on these SKUs, with what this member already holds of each. */
export async function runningFlashSales(ctx: RequestContext, skuIds: string[], memberId: string, now: Date) {
  if (!skuIds.length) return [];
  const sales = await ctx.db
    .select()
    .from(flashSales)
    .where(and(inArray(flashSales.skuId, skuIds), eq(flashSales.status, 'ACTIVE'), lte(flashSales.startsAt, now), gt(flashSales.endsAt, now)));
  if (!sales.length) return [];
  const held = await heldByMember(
    ctx,
    sales.map((s) => s.id),
    memberId,
  );
  return sales.map((sale) => ({ sale, held: held.get(sale.id) ?? 0 }));
}

async function heldByMember(ctx: RequestContext, saleIds: string[], memberId: string): Promise<Map<string, number>> {
  const rows = await ctx.db
    .select({ saleId: flashSaleTakes.flashSaleId, n: sql<number>`sum(${flashSaleTakes.quantity})::int` })
    .from(flashSaleTakes)
    .where(and(inArray(flashSaleTakes.flashSaleId, saleIds), eq(flashSaleTakes.memberId, memberId), isNull(flashSaleTakes.releasedAt)))
    .groupBy(flashSaleTakes.flashSaleId);
  return new Map(rows.map((r) => [r.saleId, r.n]));
}

/**
 * Takes flash-sale quantity for an order. The sale's row lock queues concurrent takes, so the
 * quantity and the member's holding are read after the previous take committed; the CHECK on
 * `sold <= quantity` stands behind it. Once per (sale, order).
 */
export async function takeFlashSale(
  ctx: RequestContext,
  input: { flashSaleId: string; memberId: string; orderId: string; quantity: number },
): Promise<Result<{ quantity: number }>> {
  const problems = new Problems();
  const field = ['input', 'quantity'];
  if (!wholeNumber(problems, input.quantity, 'quantity', 1, 1000)) return problems.refuse();
  if (!isId(FLASH_SALE_ID_PREFIX, input.flashSaleId))
    return problems.add(['input', 'flashSaleId'], 'INVALID_ID', `"${input.flashSaleId}" is not a flash sale id`).refuse();
  return ctx.db.transaction(async (tx) => {
    const now = new Date();
    const [sale] = await tx.select().from(flashSales).where(eq(flashSales.id, input.flashSaleId)).for('update');
    if (!sale) return problems.add(['input', 'flashSaleId'], 'NOT_FOUND', `Flash sale ${input.flashSaleId} not found`).refuse<{ quantity: number }>();
    const [taken] = await tx
      .select()
      .from(flashSaleTakes)
      .where(and(eq(flashSaleTakes.flashSaleId, sale.id), eq(flashSaleTakes.orderId, input.orderId)));
    if (taken) return ok({ quantity: taken.quantity });
    if (sale.status !== 'ACTIVE' || sale.endsAt <= now)
      return problems.add(['input', 'flashSaleId'], 'EXPIRED', `${sale.name} is over`).refuse<{ quantity: number }>();
    if (sale.startsAt > now)
      return problems.add(['input', 'flashSaleId'], 'NOT_STARTED', `${sale.name} starts at ${sale.startsAt.toISOString()}`).refuse<{ quantity: number }>();
    if (sale.sold + input.quantity > sale.quantity)
      return problems.add(field, 'SOLD_OUT', `Only ${sale.quantity - sale.sold} of ${sale.name} left`).refuse<{ quantity: number }>();
    const [held] = await tx
      .select({ n: sql<number>`coalesce(sum(${flashSaleTakes.quantity}), 0)::int` })
      .from(flashSaleTakes)
      .where(and(eq(flashSaleTakes.flashSaleId, sale.id), eq(flashSaleTakes.memberId, input.memberId), isNull(flashSaleTakes.releasedAt)));
    if ((held?.n ?? 0) + input.quantity > sale.perMemberLimit)
      return problems.add(field, 'LIMIT_REACHED', `At most ${sale.perMemberLimit} of ${sale.name} per member`).refuse<{ quantity: number }>();
    await tx
      .update(flashSales)
      .set({ sold: sql`${flashSales.sold} + ${input.quantity}`, updatedAt: now })
      .where(eq(flashSales.id, sale.id));
    await tx
      .insert(flashSaleTakes)
      .values({ id: newId(TAKE_ID_PREFIX), flashSaleId: sale.id, memberId: input.memberId, orderId: input.orderId, quantity: input.quantity, createdAt: now });
    return ok({ quantity: input.quantity });
  });
}

/** Gives back everything an order took (order cancelled); idempotent. */
export async function releaseFlashSale(ctx: RequestContext, input: { orderId: string }): Promise<Result<{ quantity: number }>> {
  return ctx.db.transaction(async (tx) => {
    const now = new Date();
    const takes = await tx
      .update(flashSaleTakes)
      .set({ releasedAt: now })
      .where(and(eq(flashSaleTakes.orderId, input.orderId), isNull(flashSaleTakes.releasedAt)))
      .returning();
    for (const take of takes)
      await tx
        .update(flashSales)
        .set({ sold: sql`${flashSales.sold} - ${take.quantity}`, updatedAt: now })
        .where(eq(flashSales.id, take.flashSaleId));
    return ok({ quantity: takes.reduce((sum, t) => sum + t.quantity, 0) });
  });
}
