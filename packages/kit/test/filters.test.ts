import { and } from 'drizzle-orm';
import { PgDialect, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { equalTo, inPeriod } from '../src/filters.ts';

const payments = pgTable('payments', { status: text('status'), provider: text('provider'), createdAt: timestamp('created_at', { withTimezone: true }) });
const dialect = new PgDialect();
const render = (conditions: ReturnType<typeof equalTo>) => {
  const where = and(...conditions);
  if (!where) return null;
  const { sql, params } = dialect.sqlToQuery(where);
  return { sql, params };
};

describe('list filters', () => {
  it('adds one equality per set field, none for unset ones', () => {
    const columns = { status: payments.status, provider: payments.provider };
    expect(render(equalTo({ status: 'PAID', provider: null }, columns))).toEqual({ sql: '"payments"."status" = $1', params: ['PAID'] });
    expect(render(equalTo({ status: 'PAID', provider: 'SANDBOX' }, columns))).toEqual({
      sql: '("payments"."status" = $1 and "payments"."provider" = $2)',
      params: ['PAID', 'SANDBOX'],
    });
    expect(equalTo({ status: '', provider: undefined }, columns)).toEqual([]);
  });

  it('ignores filter fields it was not given a column for', () => {
    expect(render(equalTo({ status: 'PAID', orderNumber: 'X' }, { status: payments.status }))?.params).toEqual(['PAID']);
  });

  it('is a half-open period, each bound only when given', () => {
    const from = new Date('2026-11-01T00:00:00Z');
    const to = new Date('2026-12-01T00:00:00Z');
    expect(render(inPeriod(payments.createdAt, from, to))?.sql).toBe('("payments"."created_at" >= $1 and "payments"."created_at" < $2)');
    expect(render(inPeriod(payments.createdAt, null, to))?.sql).toBe('"payments"."created_at" < $1');
    expect(inPeriod(payments.createdAt)).toEqual([]);
  });
});
