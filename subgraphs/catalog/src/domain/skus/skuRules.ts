import { optionalText, parseUnitPrice, requiredText, type CurrencyCode, type MoneyInput, type Problems } from '@zhongtai/kit';
import type { AttributeValue } from '../../db/tables.ts';
import { checkPriceOrder, parsePrices } from '../prices/prices.ts';

export const MAX_SKUS_PER_SPU = 600;
export const MAX_SALES_ATTRIBUTES = 5;
/** Barcodes and article numbers: no spaces, so a code pasted into a scanner or a CSV survives. */
const SKU_CODE = /^[A-Za-z0-9][A-Za-z0-9._\-/]*$/;

export interface AttributeValueInput {
  name: string;
  value: string;
}

/** Barcode, weight and volume of one SKU; omitted ones stay as they are (0 / none for a new SKU). */
export interface SkuMeasuresInput {
  barcode?: string | null;
  weightGrams?: number | null;
  volumeCm3?: number | null;
}

export interface SkuInput extends SkuMeasuresInput {
  code: string;
  salesAttributes?: AttributeValueInput[] | null;
  /** The sale price. */
  price: MoneyInput;
  listPrice?: MoneyInput | null;
  costPrice?: MoneyInput | null;
}

export interface SkuMeasures {
  barcode?: string | null;
  weightGrams?: number;
  volumeCm3?: number;
}

export interface ValidSku extends SkuMeasures {
  code: string;
  salesAttributes: AttributeValue[];
  priceAmount: bigint;
  priceCurrency: CurrencyCode;
  listPriceAmount: bigint | null;
  costPriceAmount: bigint | null;
}

/** 100 tonnes and 100 m³: anything above is a typo, not a parcel. */
const MAX_WEIGHT_GRAMS = 100_000_000;
const MAX_VOLUME_CM3 = 100_000_000;
const BARCODE = /^[0-9A-Za-z\-]{1,64}$/;

export function validateMeasures(problems: Problems, input: SkuMeasuresInput, field: string[]): SkuMeasures {
  const out: SkuMeasures = {};
  if (input.barcode !== undefined) {
    const barcode = optionalText(problems, input.barcode, [...field, 'barcode'], 'Barcode', 64);
    if (barcode === null || problems.check(BARCODE.test(barcode), [...field, 'barcode'], 'INVALID', 'A barcode is letters, digits and -'))
      out.barcode = barcode;
  }
  for (const [key, max] of [
    ['weightGrams', MAX_WEIGHT_GRAMS],
    ['volumeCm3', MAX_VOLUME_CM3],
  ] as const) {
    const value = input[key];
    if (value == null) continue;
    if (problems.check(Number.isInteger(value) && value >= 0 && value <= max, [...field, key], 'OUT_OF_RANGE', `${key} is a whole number from 0 to ${max}`))
      out[key] = value;
  }
  return out;
}

export function validateSkuCode(problems: Problems, value: string, field: string[]): string | undefined {
  const code = requiredText(problems, value, field, 'SKU code', 64);
  if (code && problems.check(SKU_CODE.test(code), field, 'INVALID', 'A SKU code is letters, digits and . _ - / without spaces')) return code;
  return undefined;
}

export function validateSalesAttributes(problems: Problems, inputs: AttributeValueInput[], field: string[]): AttributeValue[] | undefined {
  if (!problems.check(inputs.length <= MAX_SALES_ATTRIBUTES, field, 'TOO_MANY', `At most ${MAX_SALES_ATTRIBUTES} sales attributes`)) return undefined;
  const seen = new Set<string>();
  const values: AttributeValue[] = [];
  inputs.forEach((input, j) => {
    const name = requiredText(problems, input.name, [...field, String(j), 'name'], 'Attribute name', 30);
    const value = requiredText(problems, input.value, [...field, String(j), 'value'], 'Attribute value', 50);
    if (name && !problems.check(!seen.has(name.toLowerCase()), [...field, String(j), 'name'], 'DUPLICATE', `"${name}" is given twice`)) return;
    if (name) seen.add(name.toLowerCase());
    if (name && value) values.push({ name, value });
  });
  return values.length === inputs.length ? values : undefined;
}

/** What makes two variants the same: their attribute values, whatever order they were listed in. */
export function combinationKey(attributes: AttributeValue[]): string {
  return attributes
    .map((a) => `${a.name.toLowerCase()}=${a.value.toLowerCase()}`)
    .sort()
    .join('\u0000');
}

function nameSet(attributes: AttributeValue[]): string {
  return attributes
    .map((a) => a.name.toLowerCase())
    .sort()
    .join('\u0000');
}

/**
 * Validates the variants of one product: codes distinct, every variant described by the same
 * attributes (颜色 × 尺码 for all of them) and no two variants with the same values. Returns
 * the SKUs in input order, or undefined when any is invalid (problems say why).
 */
export function validateSkus(problems: Problems, inputs: SkuInput[], field: string[]): ValidSku[] | undefined {
  if (!problems.check(inputs.length > 0, field, 'REQUIRED', 'A product needs at least one SKU')) return undefined;
  if (!problems.check(inputs.length <= MAX_SKUS_PER_SPU, field, 'TOO_MANY', `A product has at most ${MAX_SKUS_PER_SPU} SKUs`)) return undefined;
  const before = problems.errors.length;
  const codes = new Map<string, number>();
  const combinations = new Map<string, number>();
  let attributeNames: string | undefined;
  const valid: ValidSku[] = [];
  inputs.forEach((input, i) => {
    const at = [...field, String(i)];
    const code = validateSkuCode(problems, input.code, [...at, 'code']);
    if (code !== undefined) {
      const first = codes.get(code);
      if (first === undefined) codes.set(code, i);
      else problems.add([...at, 'code'], 'DUPLICATE', `Code ${code} is also used by SKU ${first + 1}`);
    }
    const salesAttributes = validateSalesAttributes(problems, input.salesAttributes ?? [], [...at, 'salesAttributes']);
    if (salesAttributes) {
      attributeNames ??= nameSet(salesAttributes);
      const sameNames = problems.check(
        nameSet(salesAttributes) === attributeNames,
        [...at, 'salesAttributes'],
        'INVALID',
        'Every SKU of a product is described by the same attributes',
      );
      const key = combinationKey(salesAttributes);
      const first = combinations.get(key);
      if (first === undefined) combinations.set(key, i);
      else if (sameNames) problems.add([...at, 'salesAttributes'], 'DUPLICATE', `SKU ${first + 1} has the same attributes`);
    }
    const priceAmount = parseUnitPrice(input.price, problems, [...at, 'price']);
    const others = parsePrices(problems, { listPrice: input.listPrice, costPrice: input.costPrice }, at, input.price.currencyCode);
    if (others && priceAmount !== undefined) checkPriceOrder(problems, null, { sale: priceAmount, ...others }, at, 'price');
    const measures = validateMeasures(problems, input, at);
    if (code && salesAttributes && priceAmount !== undefined && others) {
      valid.push({
        code,
        salesAttributes,
        priceAmount,
        priceCurrency: input.price.currencyCode,
        listPriceAmount: others.list ?? null,
        costPriceAmount: others.cost ?? null,
        ...measures,
      });
    }
  });
  return problems.errors.length === before ? valid : undefined;
}
