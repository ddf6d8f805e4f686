import { and, asc, count, eq, ne } from 'drizzle-orm';
import {
  newId,
  ok,
  Problems,
  requiredText,
  shopForWrite,
  type ConnectionArgs,
  type Db,
  type RequestContext,
  type Result,
  listTable,
  rowById,
  assertCan,
  loadScoped,
  scopedWhere,
  rowsByParent,
} from '@zhongtai/kit';
import { freightTemplateTenancy } from './tenancy.ts';
import { freightRules, freightTemplates, type FreightRuleRow, type FreightTemplateRow } from '../db/tables.ts';
import type { FreightRule } from './freight.ts';
import { checkCurrency, checkRules, checkThresholds, provinceList, type FreightTemplateFields } from './freightRules.ts';
import { FREIGHT_RULE_ID_PREFIX, FREIGHT_TEMPLATE_ID_PREFIX } from './ids.ts';

export function loadTemplate(ctx: RequestContext, id: string): Promise<FreightTemplateRow | null> {
  return rowById(ctx, 'fulfillment.templateById', freightTemplates, FREIGHT_TEMPLATE_ID_PREFIX, id);
}

export async function findTemplate(ctx: RequestContext, id: string): Promise<FreightTemplateRow | null> {
  return loadScoped(ctx, freightTemplateTenancy, loadTemplate(ctx, id), 'read');
}

/** The rules of each template of a page, in one query. */
export function rulesOf(ctx: RequestContext, templateId: string): Promise<FreightRuleRow[]> {
  return rowsByParent(ctx, 'fulfillment.rulesByTemplate', freightRules, { parent: freightRules.templateId, orderBy: [asc(freightRules.position)] }, templateId);
}

export function listTemplates(ctx: RequestContext, args: ConnectionArgs, filter: { shopId?: string | null } = {}) {
  return listTable(ctx.db, freightTemplates, args, {
    where: scopedWhere(ctx, freightTemplateTenancy, filter),
    sort: { column: freightTemplates.createdAt, direction: 'ASC' },
  });
}

async function writeRules(tx: Db, templateId: string, rules: FreightRule[]): Promise<void> {
  await tx.delete(freightRules).where(eq(freightRules.templateId, templateId));
  if (rules.length) await tx.insert(freightRules).values(rules.map((r, position) => ({ id: newId(FREIGHT_RULE_ID_PREFIX), templateId, position, ...r })));
}

/** Makes `id` its shop's default: the one other default steps down first (partial unique index). */
async function makeDefault(tx: Db, row: FreightTemplateRow): Promise<void> {
  await tx
    .update(freightTemplates)
    .set({ isDefault: false, updatedAt: new Date() })
    .where(and(eq(freightTemplates.shopId, row.shopId), eq(freightTemplates.isDefault, true), ne(freightTemplates.id, row.id)));
  await tx.update(freightTemplates).set({ isDefault: true }).where(eq(freightTemplates.id, row.id));
}

export type CreateTemplateInput = FreightTemplateFields & { shopId?: string | null; isDefault?: boolean | null };

/** A merchant's template is for its own shop; an admin names the shop. A shop's first template is its default. */
export async function createTemplate(ctx: RequestContext, input: CreateTemplateInput): Promise<Result<FreightTemplateRow>> {
  const problems = new Problems();
  const shopId = shopForWrite(ctx, freightTemplateTenancy, input.shopId);
  if (!shopId) return problems.add(['input', 'shopId'], 'REQUIRED', 'Name the shop the template is for').refuse();
  const name = requiredText(problems, input.name, ['input', 'name'], 'Name', 100);
  problems.check(!!input.chargeBy, ['input', 'chargeBy'], 'REQUIRED', 'Charge by piece, weight or volume');
  const currency = input.currencyCode ?? 'CNY';
  if (!checkCurrency(problems, currency)) return problems.refuse();
  const excludedProvinces = provinceList(problems, input.excludedProvinces, ['input', 'excludedProvinces']);
  const thresholds = checkThresholds(problems, input, currency);
  const rules = checkRules(problems, input.rules ?? [], currency);
  if (problems.any) return problems.refuse();
  return ctx.db.transaction(async (tx) => {
    const [existing] = await tx.select({ n: count() }).from(freightTemplates).where(eq(freightTemplates.shopId, shopId));
    const [row] = await tx
      .insert(freightTemplates)
      .values({
        id: newId(FREIGHT_TEMPLATE_ID_PREFIX),
        shopId,
        name: name!,
        chargeBy: input.chargeBy!,
        currencyCode: currency,
        excludedProvinces,
        ...thresholds,
      })
      .returning();
    await writeRules(tx, row!.id, rules);
    if (input.isDefault || !existing?.n) await makeDefault(tx, row!);
    const [saved] = await tx.select().from(freightTemplates).where(eq(freightTemplates.id, row!.id));
    return ok(saved!);
  });
}

export type UpdateTemplateInput = FreightTemplateFields & { id: string; isDefault?: boolean | null };

/** Changes what is given; `rules` replaces all rules. The currency is fixed at creation. */
export async function updateTemplate(ctx: RequestContext, input: UpdateTemplateInput): Promise<Result<FreightTemplateRow>> {
  const problems = new Problems();
  const existing = await loadTemplate(ctx, input.id);
  if (!existing) return problems.add(['input', 'id'], 'NOT_FOUND', 'No such freight template').refuse();
  assertCan(ctx, freightTemplateTenancy, existing, 'write');
  problems.check(
    !input.currencyCode || input.currencyCode === existing.currencyCode,
    ['input', 'currencyCode'],
    'INVALID',
    'The currency of a template cannot change',
  );
  const changes: Partial<FreightTemplateRow> = {};
  if (input.name != null) changes.name = requiredText(problems, input.name, ['input', 'name'], 'Name', 100);
  if (input.chargeBy) changes.chargeBy = input.chargeBy;
  if (input.excludedProvinces) changes.excludedProvinces = provinceList(problems, input.excludedProvinces, ['input', 'excludedProvinces']);
  if (input.freeOverAmount !== undefined || input.freeOverQuantity !== undefined) {
    const t = checkThresholds(problems, input, existing.currencyCode);
    if (input.freeOverAmount !== undefined) changes.freeOverAmount = t.freeOverAmount;
    if (input.freeOverQuantity !== undefined) changes.freeOverQuantity = t.freeOverQuantity;
  }
  const rules = input.rules ? checkRules(problems, input.rules, existing.currencyCode) : undefined;
  problems.check(input.isDefault !== false || !existing.isDefault, ['input', 'isDefault'], 'INVALID', 'Make another template the default instead');
  if (problems.any) return problems.refuse();
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(freightTemplates)
      .set({ ...changes, updatedAt: new Date() })
      .where(eq(freightTemplates.id, existing.id))
      .returning();
    if (rules) await writeRules(tx, existing.id, rules);
    if (input.isDefault) await makeDefault(tx, row!);
    const [saved] = await tx.select().from(freightTemplates).where(eq(freightTemplates.id, existing.id));
    return ok(saved!);
  });
}

/** The default template cannot go while the shop has others: make another the default first. */
export async function deleteTemplate(ctx: RequestContext, input: { id: string }): Promise<Result<string>> {
  const problems = new Problems();
  const existing = await loadTemplate(ctx, input.id);
  if (!existing) return problems.add(['input', 'id'], 'NOT_FOUND', 'No such freight template').refuse();
  assertCan(ctx, freightTemplateTenancy, existing, 'write');
  const others = await ctx.db
    .select({ id: freightTemplates.id })
    .from(freightTemplates)
    .where(and(eq(freightTemplates.shopId, existing.shopId), ne(freightTemplates.id, existing.id)));
  if (existing.isDefault && others.length)
    return problems.add(['input', 'id'], 'INVALID', 'Make another template the default before deleting this one').refuse();
  await ctx.db.delete(freightTemplates).where(eq(freightTemplates.id, existing.id));
  return ok(existing.id);
}

export async function defaultTemplateOf(db: Db, shopId: string): Promise<{ template: FreightTemplateRow; rules: FreightRuleRow[] } | null> {
  const [template] = await db
    .select()
    .from(freightTemplates)
    .where(and(eq(freightTemplates.shopId, shopId), eq(freightTemplates.isDefault, true)));
  if (!template) return null;
  const rules = await db.select().from(freightRules).where(eq(freightRules.templateId, template.id)).orderBy(asc(freightRules.position));
  return { template, rules };
}
