import { describe, expect, it } from 'vitest';
import { evaluate, judge, type Facts, type RuleSettings } from '../src/domain/evaluate.ts';
import { addressKey, blocklistKey, bucketOf } from '../src/domain/keys.ts';

const rule = (over: Partial<RuleSettings> & Pick<RuleSettings, 'kind'>): RuleSettings => ({
  id: `rkr_${over.kind}`,
  enabled: true,
  action: 'REVIEW',
  threshold: 6,
  windowSeconds: 60,
  amountMinor: null,
  currency: null,
  newAccountDays: 7,
  minOrders: null,
  version: 3,
  ...over,
});
const facts = (over: Partial<Facts> = {}): Facts => ({
  counts: {},
  amountMinor: 10_000n,
  currency: 'CNY',
  accountAgeSeconds: 400 * 86_400,
  refunds: null,
  blocked: [],
  ...over,
});
const DAY = 86_400;

describe('rules as plain functions', () => {
  it('velocity fires when the count reaches the threshold, not before; off, it never fires', () => {
    const velocity = rule({ kind: 'VELOCITY_MEMBER' });
    expect(judge(velocity, facts({ counts: { VELOCITY_MEMBER: 5 } }))).toBeNull();
    expect(judge(velocity, facts({ counts: { VELOCITY_MEMBER: 6 } }))).toEqual({
      ruleId: 'rkr_VELOCITY_MEMBER',
      kind: 'VELOCITY_MEMBER',
      version: 3,
      action: 'REVIEW',
      observed: '6',
      threshold: '6',
      detail: 'within 60s',
    });
    expect(judge({ ...velocity, enabled: false }, facts({ counts: { VELOCITY_MEMBER: 60 } }))).toBeNull();
    // Not counted (no device id given): not applicable.
    expect(judge(rule({ kind: 'VELOCITY_DEVICE' }), facts())).toBeNull();
  });

  it('a new account with a large order fires; an old account, a smaller order or another currency does not', () => {
    const r = rule({ kind: 'NEW_ACCOUNT_LARGE_ORDER', amountMinor: 500_000n, currency: 'CNY', newAccountDays: 7 });
    expect(judge(r, facts({ amountMinor: 500_000n, accountAgeSeconds: 2 * DAY }))?.observed).toBe('500000');
    expect(judge(r, facts({ amountMinor: 499_999n, accountAgeSeconds: 2 * DAY }))).toBeNull();
    expect(judge(r, facts({ amountMinor: 900_000n, accountAgeSeconds: 8 * DAY }))).toBeNull();
    expect(judge(r, facts({ amountMinor: 900_000n, accountAgeSeconds: null }))).toBeNull();
    expect(judge(r, facts({ amountMinor: 900_000n, currency: 'USD', accountAgeSeconds: DAY }))).toBeNull();
  });

  it('the refund rate needs its minimum of orders, then fires at its percent', () => {
    const r = rule({ kind: 'REFUND_RATE', threshold: 50, minOrders: 4, windowSeconds: 30 * DAY });
    expect(judge(r, facts({ refunds: { orders: 3, refunds: 3 } }))).toBeNull();
    expect(judge(r, facts({ refunds: { orders: 4, refunds: 1 } }))).toBeNull();
    expect(judge(r, facts({ refunds: { orders: 4, refunds: 2 } }))).toMatchObject({ observed: '50', threshold: '50', detail: '2 refunds over 4 orders' });
    expect(judge(r, facts())).toBeNull();
  });

  it('brushing and coupon farming count distinct new members; the blocklist fires on any hit', () => {
    expect(judge(rule({ kind: 'ADDRESS_NEW_ACCOUNTS', threshold: 5 }), facts({ counts: { ADDRESS_NEW_ACCOUNTS: 5 } }))?.observed).toBe('5');
    expect(judge(rule({ kind: 'COUPON_FARMING', threshold: 3 }), facts({ counts: { COUPON_FARMING: 2 } }))).toBeNull();
    expect(judge(rule({ kind: 'BLOCKLIST', action: 'DENY' }), facts({ blocked: ['ADDRESS', 'PHONE'] }))).toMatchObject({
      action: 'DENY',
      detail: 'ADDRESS,PHONE',
    });
    expect(judge(rule({ kind: 'BLOCKLIST', action: 'DENY' }), facts())).toBeNull();
  });

  it('the strictest action decides; the score adds 40 per REVIEW and 100 per DENY, capped at 100', () => {
    const rules = [rule({ kind: 'VELOCITY_MEMBER' }), rule({ kind: 'VELOCITY_ADDRESS' }), rule({ kind: 'BLOCKLIST', action: 'DENY' })];
    expect(evaluate(rules, facts())).toEqual({ decision: 'ALLOW', score: 0, fired: [] });
    expect(evaluate(rules, facts({ counts: { VELOCITY_MEMBER: 6 } }))).toMatchObject({ decision: 'REVIEW', score: 40 });
    expect(evaluate(rules, facts({ counts: { VELOCITY_MEMBER: 6, VELOCITY_ADDRESS: 9 } }))).toMatchObject({ decision: 'REVIEW', score: 80 });
    const denied = evaluate(rules, facts({ counts: { VELOCITY_MEMBER: 6 }, blocked: ['MEMBER'] }));
    expect(denied).toMatchObject({ decision: 'DENY', score: 100 });
    expect(denied.fired.map((f) => f.kind)).toEqual(['VELOCITY_MEMBER', 'BLOCKLIST']);
  });

  it('keys: one address however it is spaced or cased; a phone by its digits; a minute bucket', () => {
    const a = { province: '浙江省', city: '杭州市', district: '西湖区', detail: '文三路 100 号 3 幢' };
    expect(addressKey({ ...a, detail: ' 文三路100号  3幢 ', district: '西湖区 ' })).toBe(addressKey(a));
    expect(addressKey({ ...a, detail: '文三路 101 号' })).not.toBe(addressKey(a));
    expect(blocklistKey('PHONE', '+86 137-0000-0003')).toBe('13700000003');
    expect(bucketOf(new Date('2026-01-01T10:05:59.999Z')).toISOString()).toBe('2026-01-01T10:05:00.000Z');
  });
});
