import { eq } from 'drizzle-orm';
import { assertShopAccess, isId, isUniqueViolation, ok, parsePrice, Problems, type MoneyInput, type RequestContext, type Result } from '@zhongtai/kit';
import { skus, type SkuRow, type SkuStatus } from '../db/tables.ts';
import { SKU_ID_PREFIX } from './ids.ts';
import { checkShopCurrency, checkShopStanding } from './shopStanding.ts';
import { validateSkuCode } from './skuRules.ts';
import { takenCodes } from './skus.ts';

export interface UpdateSkuInput {
  id: string;
  code?: string | null;
  price?: MoneyInput | null;
  status?: SkuStatus | null;
}

export async function updateSku(ctx: RequestContext, input: UpdateSkuInput): Promise<Result<SkuRow>> {
  const problems = new Problems();
  const existing = await findSkuForChange(ctx, input.id, problems);
  if (!existing) return problems.refuse();
  const changes: Partial<SkuRow> = {};
  if (input.code != null) {
    const code = validateSkuCode(problems, input.code, ['input', 'code']);
    if (code && code !== existing.code) {
      const taken = await takenCodes(ctx, existing.shopId, [code], existing.id);
      if (problems.check(!taken.has(code), ['input', 'code'], 'TAKEN', `Code ${code} is used by another SKU of the shop`)) changes.code = code;
    }
  }
  if (input.price) {
    const amount = parsePrice(input.price, problems, ['input', 'price']);
    // A new price must be one the shop can sell at: it trades, and in its currency.
    const standing = await checkShopStanding(ctx, existing.shopId, problems, ['input', 'id']);
    if (standing) checkShopCurrency(problems, standing, input.price.currencyCode, ['input', 'price', 'currencyCode']);
    if (amount !== undefined) Object.assign(changes, { priceAmount: amount, priceCurrency: input.price.currencyCode });
  }
  if (input.status) changes.status = input.status;
  if (problems.any) return problems.refuse();
  try {
    const [row] = await ctx.db
      .update(skus)
      .set({ ...changes, updatedAt: new Date() })
      .where(eq(skus.id, existing.id))
      .returning();
    return ok(row!);
  } catch (error) {
    if (isUniqueViolation(error, 'skus_shop_code_key')) return problems.add(['input', 'code'], 'TAKEN', `Code ${changes.code} was taken meanwhile`).refuse();
    throw error;
  }
}

async function findSkuForChange(ctx: RequestContext, id: string, problems: Problems): Promise<SkuRow | undefined> {
  if (!isId(SKU_ID_PREFIX, id)) {
    problems.add(['input', 'id'], 'INVALID_ID', `"${id}" is not a SKU id`);
    return undefined;
  }
  const [row] = await ctx.db.select().from(skus).where(eq(skus.id, id));
  if (!row) problems.add(['input', 'id'], 'NOT_FOUND', `SKU ${id} not found`);
  else assertShopAccess(ctx, row.shopId, 'write');
  return row;
}
