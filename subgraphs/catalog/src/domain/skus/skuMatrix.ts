import { requiredText, type MoneyInput, type Problems } from '@zhongtai/kit';
import type { AttributeValue, SkuRow } from '../../db/tables.ts';
import { checkPriceOrder, parsePrices, type PriceSet } from '../prices/prices.ts';
import {
  combinationKey,
  MAX_SALES_ATTRIBUTES,
  MAX_SKUS_PER_SPU,
  validateMeasures,
  validateSalesAttributes,
  validateSkuCode,
  type AttributeValueInput,
  type SkuMeasures,
  type SkuMeasuresInput,
  type ValidSku,
} from './skuRules.ts';

/** One dimension of the matrix: 颜色 Color = [黑, 白, 蓝]. */
export interface SalesDimensionInput {
  name: string;
  values: string[];
}

/** What the merchant fills in for one row of the matrix; omitted fields keep the SKU's (or take the defaults). */
export interface MatrixSkuInput extends SkuMeasuresInput {
  salesAttributes: AttributeValueInput[];
  code?: string | null;
  salePrice?: MoneyInput | null;
  listPrice?: MoneyInput | null;
  costPrice?: MoneyInput | null;
}

/** For new rows nobody filled in: code `<codePrefix>-<row number>`, these prices and measures. */
export interface MatrixDefaultsInput extends SkuMeasuresInput {
  codePrefix?: string | null;
  salePrice?: MoneyInput | null;
  listPrice?: MoneyInput | null;
  costPrice?: MoneyInput | null;
}

export interface SkuMatrixInput {
  dimensions: SalesDimensionInput[];
  skus?: MatrixSkuInput[] | null;
  defaults?: MatrixDefaultsInput | null;
}

/** What applying a matrix does to a product's SKUs. Nothing is deleted: orders point at SKUs. */
export interface MatrixPlan {
  /** SKUs whose combination stays (or comes back): their new position and changed fields. */
  keep: { sku: SkuRow; position: number; code?: string; prices: PriceSet; measures: SkuMeasures; reactivate: boolean }[];
  add: (ValidSku & { position: number })[];
  deactivate: SkuRow[];
}

/** Every combination of the dimensions' values, first dimension slowest: 黑/S, 黑/M, 白/S, 白/M. */
export function combinations(dimensions: SalesDimensionInput[]): AttributeValue[][] {
  return dimensions.reduce<AttributeValue[][]>((acc, d) => acc.flatMap((c) => d.values.map((value) => [...c, { name: d.name, value }])), [[]]);
}

function validDimensions(problems: Problems, dims: SalesDimensionInput[], field: string[]): SalesDimensionInput[] | undefined {
  if (!problems.check(dims.length <= MAX_SALES_ATTRIBUTES, field, 'TOO_MANY', `At most ${MAX_SALES_ATTRIBUTES} sales attributes`)) return undefined;
  const before = problems.errors.length;
  const names = new Set<string>();
  const out = dims.map((d, i) => {
    const name = requiredText(problems, d.name, [...field, String(i), 'name'], 'Attribute name', 30) ?? '';
    problems.check(!names.has(name.toLowerCase()), [...field, String(i), 'name'], 'DUPLICATE', `"${name}" is given twice`);
    names.add(name.toLowerCase());
    problems.check(d.values.length > 0, [...field, String(i), 'values'], 'REQUIRED', `${name} needs at least one value`);
    const seen = new Set<string>();
    const values = d.values.map((v, j) => {
      const value = requiredText(problems, v, [...field, String(i), 'values', String(j)], 'Attribute value', 50) ?? '';
      problems.check(!seen.has(value.toLowerCase()), [...field, String(i), 'values', String(j)], 'DUPLICATE', `"${value}" is given twice`);
      seen.add(value.toLowerCase());
      return value;
    });
    return { name, values };
  });
  const size = out.reduce((n, d) => n * Math.max(1, d.values.length), 1);
  problems.check(size <= MAX_SKUS_PER_SPU, field, 'TOO_MANY', `The matrix has ${size} combinations; a product has at most ${MAX_SKUS_PER_SPU} SKUs`);
  return problems.errors.length === before ? out : undefined;
}

/**
 * Plans a matrix against a product's current SKUs (none for a new product), matching rows by their
 * attribute combination: a combination that exists keeps its SKU (id, history), a new one gets a
 * new SKU, a SKU whose combination left the matrix is deactivated. Field paths start at `field`.
 */
export function planMatrix(problems: Problems, input: SkuMatrixInput, existing: SkuRow[], currency: string, field: string[]): MatrixPlan | undefined {
  const dims = validDimensions(problems, input.dimensions, [...field, 'dimensions']);
  const overrides = new Map<string, { row: MatrixSkuInput; at: string[] }>();
  (input.skus ?? []).forEach((row, i) => {
    const at = [...field, 'skus', String(i)];
    const attrs = validateSalesAttributes(problems, row.salesAttributes, [...at, 'salesAttributes']);
    if (attrs) overrides.set(combinationKey(attrs), { row, at });
  });
  const defaultsAt = [...field, 'defaults'];
  const defaults = input.defaults ?? {};
  const defaultPrices = parsePrices(problems, defaults, defaultsAt, currency);
  const defaultMeasures = validateMeasures(problems, defaults, defaultsAt);
  const prefix = defaults.codePrefix != null ? validateSkuCode(problems, defaults.codePrefix, [...defaultsAt, 'codePrefix']) : undefined;
  if (!dims || !defaultPrices) return undefined;

  const byCombination = new Map(existing.map((sku) => [combinationKey(sku.salesAttributes), sku]));
  const plan: MatrixPlan = { keep: [], add: [], deactivate: [] };
  const matched = new Set<string>();
  combinations(dims).forEach((attrs, position) => {
    const key = combinationKey(attrs);
    matched.add(key);
    const given = overrides.get(key);
    const at = given?.at ?? [...field, 'dimensions'];
    const row = given?.row ?? ({ salesAttributes: [] } as MatrixSkuInput);
    const prices = parsePrices(problems, row, at, currency);
    const measures = validateMeasures(problems, row, at);
    const code = row.code != null ? validateSkuCode(problems, row.code, [...at, 'code']) : undefined;
    const sku = byCombination.get(key);
    if (!prices) return;
    if (sku) {
      checkPriceOrder(problems, sku, prices, at);
      plan.keep.push({ sku, position, code: code !== sku.code ? code : undefined, prices, measures, reactivate: sku.status !== 'ACTIVE' });
      return;
    }
    const label = attrs.map((a) => a.value).join(' / ') || 'the only SKU';
    const sale = prices.sale ?? defaultPrices.sale;
    const newCode = code ?? (prefix ? `${prefix}-${String(position + 1).padStart(2, '0')}` : undefined);
    if (!problems.check(sale !== undefined, [...at, 'salePrice'], 'REQUIRED', `A sale price is needed for ${label}`)) return;
    if (!problems.check(newCode !== undefined, [...at, 'code'], 'REQUIRED', `A code is needed for ${label} (or a defaults.codePrefix)`)) return;
    const next = { sale, list: prices.list ?? defaultPrices.list, cost: prices.cost ?? defaultPrices.cost };
    if (!checkPriceOrder(problems, null, next, at)) return;
    plan.add.push({
      position,
      code: newCode!,
      salesAttributes: attrs,
      priceAmount: sale!,
      priceCurrency: currency as ValidSku['priceCurrency'],
      listPriceAmount: next.list ?? null,
      costPriceAmount: next.cost ?? null,
      ...defaultMeasures,
      ...measures,
    });
  });
  for (const [key, { at }] of overrides) problems.check(matched.has(key), [...at, 'salesAttributes'], 'INVALID', 'This combination is not in the matrix');
  plan.deactivate = existing.filter((sku) => sku.status === 'ACTIVE' && !matched.has(combinationKey(sku.salesAttributes)));
  const codes = [...plan.add.map((a) => a.code), ...plan.keep.flatMap((k) => (k.code ? [k.code] : []))];
  const dup = codes.find((c, i) => codes.indexOf(c) !== i);
  problems.check(dup === undefined, [...field, 'skus'], 'DUPLICATE', `Code ${dup} is given to two SKUs`);
  return problems.any ? undefined : plan;
}
