import { GraphQLScalarType, Kind } from 'graphql';
import { badUserInput } from '../errors.ts';
import { isDecimal } from '../money.ts';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

function parseDateTime(value: unknown): Date {
  if (typeof value !== 'string' || !ISO_INSTANT.test(value)) throw badUserInput('DateTime must be an ISO-8601 instant with a time zone');
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw badUserInput(`Invalid DateTime ${value}`);
  return date;
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
