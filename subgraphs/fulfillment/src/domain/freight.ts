/**
 * Freight, computed: no database, no context, so the table tests pin every rule down.
 * Units are pieces, grams or cm³ depending on how the template charges; money is minor units.
 */
export type ChargeBy = 'PIECE' | 'WEIGHT' | 'VOLUME';
export type ProductType = 'PHYSICAL' | 'SERVICE' | 'PHYSICAL_WITH_SERVICE';

export interface FreightRule {
  /** Provinces this rule prices; empty for the template's default rule. */
  provinces: string[];
  firstUnits: number;
  firstPrice: bigint;
  additionalUnits: number;
  additionalPrice: bigint;
}

export interface FreightTemplateSpec {
  chargeBy: ChargeBy;
  freeOverAmount: bigint | null;
  freeOverQuantity: number | null;
  excludedProvinces: string[];
  rules: FreightRule[];
}

export interface FreightLine {
  quantity: number;
  productType: ProductType;
  weightGrams: number;
  volumeCm3: number;
  /** After discounts, minor units. */
  amount: bigint;
}

export type FreightResult = { deliverable: true; freight: bigint; free: boolean } | { deliverable: false; reason: string };

const PROVINCE_SUFFIXES = ['特别行政区', '维吾尔自治区', '壮族自治区', '回族自治区', '自治区', '省', '市'];

/** 广东省 and 广东 are one province: rules and exclusions compare the short name. */
export function normalizeProvince(name: string): string {
  const text = name.trim();
  for (const suffix of PROVINCE_SUFFIXES) if (text.length > suffix.length && text.endsWith(suffix)) return text.slice(0, -suffix.length);
  return text;
}

/** Service items weigh nothing and never ship. */
export const ships = (line: { productType: ProductType }) => line.productType !== 'SERVICE';

function unitsOf(chargeBy: ChargeBy, lines: FreightLine[]): number {
  const per = (l: FreightLine) => (chargeBy === 'PIECE' ? 1 : chargeBy === 'WEIGHT' ? l.weightGrams : l.volumeCm3);
  return lines.reduce((sum, l) => sum + per(l) * l.quantity, 0);
}

/** First units at the first price, then each started block of additional units at its price. */
export function ruleFee(rule: FreightRule, units: number): bigint {
  const beyond = Math.max(0, units - rule.firstUnits);
  return rule.firstPrice + BigInt(Math.ceil(beyond / rule.additionalUnits)) * rule.additionalPrice;
}

export function ruleFor(rules: FreightRule[], province: string): FreightRule | undefined {
  const wanted = normalizeProvince(province);
  return rules.find((r) => r.provinces.some((p) => normalizeProvince(p) === wanted)) ?? rules.find((r) => r.provinces.length === 0);
}

/**
 * The freight of one shop's cart to one province. Order of the checks: nothing to ship is free
 * anywhere; an excluded province is refused; a free-shipping threshold (amount or quantity of
 * the shipped lines) makes it free; otherwise the province's rule, or the default rule, prices it.
 */
export function computeFreight(template: FreightTemplateSpec, province: string, lines: FreightLine[]): FreightResult {
  const shipped = lines.filter(ships);
  if (!shipped.length) return { deliverable: true, freight: 0n, free: true };
  const wanted = normalizeProvince(province);
  if (template.excludedProvinces.some((p) => normalizeProvince(p) === wanted)) {
    return { deliverable: false, reason: `This shop does not deliver to ${province.trim()}` };
  }
  const amount = shipped.reduce((sum, l) => sum + l.amount, 0n);
  const quantity = shipped.reduce((sum, l) => sum + l.quantity, 0);
  if (
    (template.freeOverAmount !== null && amount >= template.freeOverAmount) ||
    (template.freeOverQuantity !== null && quantity >= template.freeOverQuantity)
  ) {
    return { deliverable: true, freight: 0n, free: true };
  }
  const rule = ruleFor(template.rules, province);
  if (!rule) return { deliverable: false, reason: `This shop has no freight rule for ${province.trim()}` };
  return { deliverable: true, freight: ruleFee(rule, unitsOf(template.chargeBy, shipped)), free: false };
}
