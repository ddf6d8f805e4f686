import { maskName } from '@zhongtai/kit';

/**
 * 居民身份证号码 (GB 11643-1999): 6 digits of region, 8 of birth date (YYYYMMDD), 3 of sequence,
 * then a check character: the ISO 7064 MOD 11-2 checksum of the first 17, written 0-9 or X.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARACTERS = '10X98765432';

/** The check character the first 17 digits call for. */
export function residentIdCheckCharacter(first17: string): string {
  const sum = [...first17].reduce((s, digit, i) => s + Number(digit) * WEIGHTS[i]!, 0);
  return CHECK_CHARACTERS[sum % 11]!;
}

/** Upper-cased and trimmed (an x check character is an X). */
export const normaliseResidentId = (raw: string): string => raw.trim().toUpperCase();

/** Why an ID number is not a valid PRC resident ID number, or null when it is. */
export function residentIdProblem(raw: string): string | null {
  const id = normaliseResidentId(raw);
  if (!/^\d{17}[\dX]$/.test(id)) return 'An ID number is 18 characters: 17 digits and a digit or X';
  const [y, m, d] = [Number(id.slice(6, 10)), Number(id.slice(10, 12)), Number(id.slice(12, 14))];
  const birth = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || birth.getUTCFullYear() !== y || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d)
    return 'The ID number does not hold a real date of birth';
  if (residentIdCheckCharacter(id.slice(0, 17)) !== id[17]) return 'The ID number does not pass its checksum: check the digits';
  return null;
}

/** 110101199003071234 -> 110***********1234: the region's first digits and the last four, enough to recognise it. */
export const maskResidentId = (id: string): string => `${id.slice(0, 3)}${'*'.repeat(Math.max(id.length - 7, 1))}${id.slice(-4)}`;

/** 张伟 -> 张*: the kit's rule for names. */
export const maskRealName = (name: string): string => maskName(name);
