import { GraphQLScalarType, Kind } from 'graphql';
import { badUserInput } from '../errors.ts';
import { isDecimal } from '../money.ts';

const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?(Z|([+-])(\d{2}):(\d{2}))$/;

/** Years PostgreSQL's timestamptz and ISO-8601 without an extended year both hold: 0001-9999. */
// Date.UTC maps years 0-99 to 1900-1999, so year 1 is set explicitly.
const MIN_INSTANT = new Date(0).setUTCFullYear(1, 0, 1);
const MAX_INSTANT = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/**
 * Only real calendar instants: `2027-02-31` is refused, never rolled over to March as
 * `new Date` would, and the year (in UTC, after the offset) is 0001-9999: year 0000 or 10000
 * would reach the database and fail there as a server error.
 */
function parseDateTime(value: unknown): Date {
  const match = typeof value === 'string' ? ISO_INSTANT.exec(value) : null;
  if (!match) throw badUserInput('DateTime must be an ISO-8601 instant with a time zone, e.g. 2026-11-25T03:10:52Z');
  const [, y, mo, d, h, mi, s = '0', , sign, oh = '0', om = '0'] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const real =
    year >= 1 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    Number(h) <= 23 &&
    Number(mi) <= 59 &&
    Number(s) <= 59 &&
    (!sign || (Number(oh) <= 23 && Number(om) <= 59));
  if (!real) throw badUserInput(`DateTime ${value} is not a real date and time (years 0001-9999)`);
  const date = new Date(value as string);
  const time = date.getTime();
  if (Number.isNaN(time) || time < MIN_INSTANT || time > MAX_INSTANT) throw badUserInput(`DateTime ${value} is outside years 0001-9999 (UTC)`);
  return date;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  serialize(value) {
    const date = value instanceof Date ? value : new Date(String(value));
    if (Number.isNaN(date.getTime())) throw new TypeError('DateTime cannot represent an invalid date');
    return date.toISOString();
  },
  parseValue: parseDateTime,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw badUserInput('DateTime must be a string');
    return parseDateTime(ast.value);
  },
});

function parseDecimal(value: unknown): string {
  if (typeof value !== 'string' || !isDecimal(value)) throw badUserInput('Decimal must be a string like "19.99"');
  return value;
}

export const DecimalScalar = new GraphQLScalarType({
  name: 'Decimal',
  serialize(value) {
    if (typeof value === 'string' && isDecimal(value)) return value;
    if (typeof value === 'bigint') return value.toString();
    throw new TypeError('Decimal must be produced as a decimal string');
  },
  parseValue: parseDecimal,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw badUserInput('Decimal must be a string like "19.99", not a number');
    return parseDecimal(ast.value);
  },
});

export const scalarResolvers = { DateTime: DateTimeScalar, Decimal: DecimalScalar };
