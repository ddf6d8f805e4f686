import { count } from 'drizzle-orm';
import { demoMemberId, EventPublisher, Prng, seedId, type Db } from '@zhongtai/kit';
import { addresses, memberLevels, members, outbox, pointsEntries, pointsSettings } from '../db/tables.ts';
import { readPointsSettings } from '../domain/settings.ts';

const DAY = 86_400_000;
const OPENED = Date.UTC(2025, 0, 1, 0, 0, 0);
export const DEMO_MEMBER_COUNT = 60;

export const DEMO_LEVELS = [
  { name: '普通会员 Regular', growthThreshold: 0, discountPercent: 0, freeShipping: false, pointsMultiplierPercent: 100 },
  { name: '白银会员 Silver', growthThreshold: 1_000, discountPercent: 2, freeShipping: false, pointsMultiplierPercent: 110 },
  { name: '黄金会员 Gold', growthThreshold: 5_000, discountPercent: 5, freeShipping: true, pointsMultiplierPercent: 150 },
  { name: '铂金会员 Platinum', growthThreshold: 20_000, discountPercent: 8, freeShipping: true, pointsMultiplierPercent: 180 },
  { name: '钻石会员 Diamond', growthThreshold: 50_000, discountPercent: 10, freeShipping: true, pointsMultiplierPercent: 200 },
];

const NAMES = [
  '王小明',
  'Lily Zhang',
  '李雷',
  '韩梅梅',
  'Kevin Liu',
  '陈晓',
  '赵雪',
  'Grace Wang',
  '孙浩',
  '周婷',
  'Tom Huang',
  '吴敏',
  '郑凯',
  'Anna Lin',
  '冯磊',
];
const PLACES = [
  ['广东省', '深圳市', '南山区', '科技园科苑路 15 号'],
  ['上海市', '上海市', '浦东新区', '世纪大道 100 号'],
  ['北京市', '北京市', '朝阳区', '建国路 88 号'],
  ['浙江省', '杭州市', '余杭区', '文一西路 969 号'],
  ['四川省', '成都市', '高新区', '天府大道 1700 号'],
] as const;
const GROWTH = [6_200, 0, 450, 1_300, 2_800, 5_600, 12_000, 23_000, 51_000, 800];

/** How long the demo ledger's credit lots stay spendable: into 2030. */
const DEMO_LOT_VALIDITY_DAYS = 5 * 365;

/** 60 members with Chinese and English names, levels spread by growth, addresses and a small ledger. */
export function buildMembers() {
  const prng = new Prng(20_250_105);
  const memberRows: (typeof members.$inferInsert)[] = [];
  const addressRows: (typeof addresses.$inferInsert)[] = [];
  const entryRows: (typeof pointsEntries.$inferInsert)[] = [];
  for (let n = 1; n <= DEMO_MEMBER_COUNT; n++) {
    const id = demoMemberId(n);
    const registeredAt = new Date(OPENED + (n - 1) * 3 * DAY + prng.int(0, 86_399) * 1000);
    const name = n <= NAMES.length ? NAMES[n - 1]! : `${NAMES[(n - 1) % NAMES.length]} ${Math.ceil(n / NAMES.length)}`;
    const phone = `138${String(n).padStart(8, '0')}`;
    // The ledger: a welcome credit and an order's credit, part of the first spent at a checkout.
    const welcome = 200;
    const earned = prng.int(1, 40) * 100;
    const spent = n % 3 === 0 ? prng.int(1, welcome) : 0;
    const credit = (k: number, points: number, remaining: number, at: Date, reason: string) =>
      entryRows.push({
        id: seedId('pte', n * 10 + k),
        memberId: id,
        kind: 'EARN',
        points,
        remaining,
        // Not the programme's 365 days: the demo world is dated from 2025, and lots that expired in 2026
        // left every demo member at 0 points at the first hourly sweep (and moved balances under running tests).
        expiresAt: new Date(at.getTime() + DEMO_LOT_VALIDITY_DAYS * DAY),
        reason,
        createdAt: at,
      });
    credit(1, welcome, welcome - spent, registeredAt, '注册礼 Welcome bonus');
    const earnedAt = new Date(registeredAt.getTime() + 10 * DAY);
    credit(2, earned, earned, earnedAt, '订单完成 Order completed');
    if (spent)
      entryRows.push({
        id: seedId('pte', n * 10 + 3),
        memberId: id,
        kind: 'SPEND',
        points: -spent,
        reason: '积分抵现 Checkout deduction',
        createdAt: new Date(earnedAt.getTime() + DAY),
      });
    memberRows.push({
      id,
      name,
      phone,
      status: n % 29 === 0 ? 'FROZEN' : 'ACTIVE',
      registeredAt,
      growth: GROWTH[(n - 1) % GROWTH.length]!,
      pointsBalance: welcome + earned - spent,
      createdAt: registeredAt,
      updatedAt: registeredAt,
    });
    const homes = 1 + (n % 2);
    for (let k = 0; k < homes; k++) {
      const [province, city, district, detail] = PLACES[(n + k) % PLACES.length]!;
      addressRows.push({
        id: seedId('adr', n * 10 + k),
        memberId: id,
        province,
        city,
        district,
        detail: `${detail} ${k + 1}-${n}`,
        receiver: name,
        phone,
        isDefault: k === 0,
        createdAt: registeredAt,
        updatedAt: registeredAt,
      });
    }
  }
  return { memberRows, addressRows, entryRows };
}

export const seed = {
  async isEmpty(db: Db) {
    const [row] = await db.select({ n: count() }).from(members);
    return (row?.n ?? 0) === 0;
  },

  async run(db: Db) {
    const at = new Date(OPENED - DAY);
    const levels = DEMO_LEVELS.map((l, i) => ({ ...l, id: seedId('lvl', i + 1), createdAt: at, updatedAt: at }));
    const { memberRows, addressRows, entryRows } = buildMembers();
    await db.transaction(async (tx) => {
      await tx
        .insert(pointsSettings)
        .values({ id: 1, pointsPerCurrencyUnit: 100, maxDeductionPercent: 50, validityDays: 365, updatedAt: at })
        .onConflictDoNothing();
      await tx.insert(memberLevels).values(levels).onConflictDoNothing();
      await tx.insert(members).values(memberRows).onConflictDoNothing();
      await tx.insert(addresses).values(addressRows).onConflictDoNothing();
      const written = await tx.insert(pointsEntries).values(entryRows).onConflictDoNothing().returning();
      // The demo points are real points: each entry is published like any other (domain/ledger.ts),
      // so finance's points liability starts at their value instead of at zero.
      const events = new EventPublisher('members', outbox);
      const { pointsPerCurrencyUnit } = await readPointsSettings(tx);
      for (const entry of written)
        await events.publish(tx, 'PointsChanged', {
          entryId: entry.id,
          memberId: entry.memberId,
          kind: entry.kind,
          points: entry.points,
          pointsPerCurrencyUnit,
          orderId: entry.orderId,
          at: entry.createdAt.toISOString(),
        });
    });
  },
};
