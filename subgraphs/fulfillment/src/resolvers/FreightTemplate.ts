import { existing, toMoney, type RequestContext } from '@zhongtai/kit';
import type { FreightRuleRow, FreightTemplateRow } from '../db/tables.ts';
import { findTemplate, loadTemplate, rulesOf } from '../domain/freightTemplates.ts';
import type { FreightRuleResolvers, FreightTemplateResolvers } from '../generated/resolvers.ts';
import { shopRef } from './refs.ts';

export const FreightTemplate: FreightTemplateResolvers = {
  __resolveReference: (ref: { id: string }, ctx: RequestContext) => findTemplate(ctx, ref.id),
  shop: shopRef,
  freeOverAmount: (row: FreightTemplateRow) => (row.freeOverAmount === null ? null : toMoney(row.freeOverAmount, row.currencyCode)),
  rules: (row: FreightTemplateRow, _: unknown, ctx: RequestContext) => rulesOf(ctx, row.id),
};

export const FreightRule: FreightRuleResolvers = {
  firstPrice: async (row: FreightRuleRow, _: unknown, ctx: RequestContext) =>
    toMoney(row.firstPrice, existing(await loadTemplate(ctx, row.templateId), 'FreightTemplate', row.templateId).currencyCode),
  additionalPrice: async (row: FreightRuleRow, _: unknown, ctx: RequestContext) =>
    toMoney(row.additionalPrice, existing(await loadTemplate(ctx, row.templateId), 'FreightTemplate', row.templateId).currencyCode),
};
