import { requiredText, type Problems } from '@zhongtai/kit';
import type { AttributeDefinitionRow, SpuAttributeValue } from '../../db/tables.ts';
import type { AttributeValueInput } from '../skus/skuRules.ts';

export const MAX_SPU_ATTRIBUTES = 50;

const find = (defs: AttributeDefinitionRow[], name: string) => defs.find((d) => d.name.toLowerCase() === name.toLowerCase());

function allowed(def: AttributeDefinitionRow, value: string): boolean {
  return def.allowedValues.length === 0 || def.allowedValues.some((v) => v.toLowerCase() === value.toLowerCase());
}

/**
 * The key and descriptive attribute values of a product, checked against its category's
 * definitions: each names a KEY or DESCRIPTIVE attribute, with an allowed value, once; every
 * required one is set. Returns them with their kind, or undefined on any problem.
 */
export function validateSpuAttributes(
  problems: Problems,
  inputs: AttributeValueInput[],
  defs: AttributeDefinitionRow[],
  field: string[],
): SpuAttributeValue[] | undefined {
  if (!problems.check(inputs.length <= MAX_SPU_ATTRIBUTES, field, 'TOO_MANY', `At most ${MAX_SPU_ATTRIBUTES} attributes`)) return undefined;
  const before = problems.errors.length;
  const out: SpuAttributeValue[] = [];
  inputs.forEach((input, i) => {
    const at = [...field, String(i)];
    const name = requiredText(problems, input.name, [...at, 'name'], 'Attribute name', 30);
    const value = requiredText(problems, input.value, [...at, 'value'], 'Attribute value', 100);
    if (!name || !value) return;
    const def = find(defs, name);
    if (!def || def.kind === 'SALES') {
      problems.add([...at, 'name'], 'INVALID', def ? `"${name}" is a sales attribute: it varies by SKU` : `"${name}" is not an attribute of this category`);
      return;
    }
    if (out.some((a) => a.name.toLowerCase() === def.name.toLowerCase())) return void problems.add([...at, 'name'], 'DUPLICATE', `"${name}" is given twice`);
    if (!problems.check(allowed(def, value), [...at, 'value'], 'INVALID', `"${value}" is not an allowed value of ${def.name}`)) return;
    out.push({ name: def.name, value, kind: def.kind });
  });
  for (const def of defs) {
    if (def.required && def.kind !== 'SALES' && !inputs.some((a) => a.name?.trim().toLowerCase() === def.name.toLowerCase())) {
      problems.add(field, 'REQUIRED', `${def.name} is required in this category`);
    }
  }
  return problems.errors.length === before ? out : undefined;
}

/** The names of `defs` that are sales attributes; empty when the category leaves SKU dimensions free. */
export const salesDefinitions = (defs: AttributeDefinitionRow[]) => defs.filter((d) => d.kind === 'SALES');

/**
 * SKU dimensions against the category: when it defines sales attributes, every dimension is one of
 * them with allowed values, and every required one is a dimension. A category without sales
 * definitions leaves dimensions free (a merchant's own 规格).
 */
export function checkSalesDimensions(
  problems: Problems,
  dimensions: { name: string; values: string[] }[],
  defs: AttributeDefinitionRow[],
  field: string[],
): boolean {
  const sales = salesDefinitions(defs);
  if (!sales.length) return true;
  const before = problems.errors.length;
  dimensions.forEach((dim, i) => {
    const def = find(sales, dim.name);
    if (!def) return void problems.add([...field, String(i), 'name'], 'INVALID', `"${dim.name}" is not a sales attribute of this category`);
    dim.values.forEach((value, j) =>
      problems.check(allowed(def, value), [...field, String(i), 'values', String(j)], 'INVALID', `"${value}" is not an allowed value of ${def.name}`),
    );
  });
  for (const def of sales) {
    if (def.required)
      problems.check(
        dimensions.some((d) => d.name.toLowerCase() === def.name.toLowerCase()),
        field,
        'REQUIRED',
        `Every SKU needs a ${def.name} in this category`,
      );
  }
  return problems.errors.length === before;
}

/** The key attributes only: what identifies the product, so a change sends it back to review. */
export const keyAttributes = (attrs: SpuAttributeValue[]) =>
  attrs
    .filter((a) => a.kind === 'KEY')
    .map((a) => `${a.name.toLowerCase()}=${a.value}`)
    .sort()
    .join('\u0000');
