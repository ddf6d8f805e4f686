import { toMoney, type UserError } from '@zhongtai/kit';

/** The customs year of an instant: the calendar year in China (Asia/Shanghai), whatever BUSINESS_TIME_ZONE says. */
export function customsYear(at: Date): number {
  return Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(at));
}

const cny = (minor: bigint) => `${toMoney(minor, 'CNY').amount} CNY`;

/** 单次限值: one order's value (goods after discounts plus freight) above the single-order limit. */
export function singleLimitProblem(value: bigint, limit: bigint, field: string[]): UserError | null {
  if (value <= limit) return null;
  return {
    field,
    code: 'CROSS_BORDER_SINGLE_LIMIT',
    message: `A cross-border order may be worth at most ${cny(limit)}; this one is ${cny(value)}`,
  };
}

/** 年度限值: what the person bought this year plus this order above the annual limit. */
export function annualLimitProblem(input: { used: bigint; value: bigint; limit: bigint; year: number; field: string[] }): UserError | null {
  if (input.used + input.value <= input.limit) return null;
  const left = input.limit > input.used ? input.limit - input.used : 0n;
  return {
    field: input.field,
    code: 'CROSS_BORDER_ANNUAL_LIMIT',
    message: `A person may buy at most ${cny(input.limit)} cross-border in ${input.year}; this ID number has used ${cny(input.used)}, ${cny(left)} is left and this order is ${cny(input.value)}`,
  };
}
