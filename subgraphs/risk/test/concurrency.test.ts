import { and, eq } from 'drizzle-orm';
import { CenterHost, DEMO_MEMBER_ID } from '@zhongtai/kit';
import { mustOk, openTestDatabase, TEST_ADMIN, TEST_SERVICE, type TestDatabase } from '@zhongtai/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counters, riskRules } from '../src/db/tables.ts';
import { assessRisk, type AssessRiskInput } from '../src/domain/assess.ts';
import { updateRiskRule } from '../src/domain/rules.ts';
import { riskCenter } from '../src/index.ts';

const N = 100;
// One instant for every request: the test is about the counters, not about a minute boundary.
const AT = new Date('2026-03-01T10:00:30.000Z');
const clock = () => AT;
const ADDRESS = { province: '浙江省', city: '杭州市', district: '西湖区', detail: '文三路 100 号 3 幢', phone: '+86 137 0000 0003' };
const order = (n: number): AssessRiskInput => ({
  kind: 'ORDER',
  memberId: DEMO_MEMBER_ID,
  orderId: `chk_concurrency_${n}`,
  orderIds: [`ord_concurrency_${n}`],
  amount: { amount: '99.00', currencyCode: 'CNY' },
  address: ADDRESS,
  deviceId: 'device-1',
});

// Races need real connections: PGlite has one, so this runs on PostgreSQL.
describe.runIf(process.env.DATABASE_URL)('rule counters under concurrency and across a restart (PostgreSQL)', () => {
  let testDb: TestDatabase;
  let host: CenterHost;
  // The host opens its own pool from the config (so closing it is a real restart of the center).
  const open = async () => {
    const opened = await CenterHost.open({ config: testDb.config, events: false });
    await opened.start([riskCenter]);
    return opened;
  };

  beforeAll(async () => {
    testDb = await openTestDatabase();
    host = await open();
  }, 120_000);
  afterAll(async () => {
    await host?.close();
    await testDb?.drop();
  });

  it('100 concurrent order assessments count exactly 100; velocity fires from its threshold on; the counts survive a restart', async () => {
    const admin = await host.contextFor('risk', TEST_ADMIN);
    const rules = await admin.db.select().from(riskRules);
    const idOf = (kind: string) => rules.find((r) => r.kind === kind)!.id;
    // Rules that ask the member center for the account's age are off: it is not hosted here.
    for (const kind of ['NEW_ACCOUNT_LARGE_ORDER', 'ADDRESS_NEW_ACCOUNTS', 'COUPON_FARMING'])
      mustOk(await updateRiskRule(admin, { ruleId: idOf(kind), enabled: false, reason: 'no member center in this test' }));
    mustOk(await updateRiskRule(admin, { ruleId: idOf('VELOCITY_MEMBER'), threshold: 50, windowSeconds: 3600, reason: 'fifty an hour' }));

    const contexts = await Promise.all(Array.from({ length: N }, () => host.contextFor('risk', TEST_SERVICE, clock)));
    const results = await Promise.all(contexts.map((ctx, i) => assessRisk(ctx, order(i))));
    const verdicts = results.map((r) => mustOk(r));
    expect(verdicts.filter((v) => v.decision === 'ALLOW')).toHaveLength(49);
    expect(verdicts.filter((v) => v.decision === 'REVIEW')).toHaveLength(51);
    // Each order saw its own count: 50..100, each once (no two read the same count).
    const seen = verdicts.flatMap((v) => v.firedRules.map((f) => Number(f.observed))).sort((a, b) => a - b);
    expect(seen).toEqual(Array.from({ length: 51 }, (_, i) => 50 + i));
    const counted = async (db: CenterHost) =>
      (
        await db
          .center('risk')
          .db.select({ dimension: counters.dimension, count: counters.count })
          .from(counters)
          .where(and(eq(counters.key, DEMO_MEMBER_ID)))
      ).map((r) => [r.dimension, r.count]);
    expect(await counted(host)).toEqual([['orders/member', N]]);

    await host.close();
    host = await open();
    const next = mustOk(await assessRisk(await host.contextFor('risk', TEST_SERVICE, clock), order(N)));
    expect(next.firedRules).toEqual([expect.objectContaining({ kind: 'VELOCITY_MEMBER', observed: '101', threshold: '50' })]);
    expect(await counted(host)).toEqual([['orders/member', N + 1]]);
  });
});
