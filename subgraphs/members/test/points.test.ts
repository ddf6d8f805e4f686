import { and, eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { membersService, newId, type EventCatalog, type TokenInput } from '@zhongtai/kit';
import { mustOk, openTestWorld, TEST_ADMIN as ADMIN, TEST_SERVICE as SERVICE, useTestWorld } from '@zhongtai/kit/testing';
import { members, pointsEntries } from '../src/db/tables.ts';
import { createMemberLevel } from '../src/domain/levels.ts';
import { changeMemberStatus, registerMember } from '../src/domain/members.ts';
import { adjustPoints, creditCompletedOrder, earnPoints, expireDuePoints, refundPoints, spendPoints } from '../src/domain/points.ts';
import { updatePointsSettings } from '../src/domain/settings.ts';
import { membersCenter } from '../src/index.ts';
import { pointsLedger } from './pointsLedger.ts';

/**
 * The points rules called directly, on an injected clock (`ctx.now()`): each bound on both sides,
 * each refusal's field and message, what every posting writes (its time, its lot's expiry), the
 * level multiplier and the expiry sweep to the millisecond. The world is the members center
 * alone, so it opens in seconds: Stryker runs this file once per mutant of points.ts.
 */
const world = useTestWorld(async () => {
  const opened = await openTestWorld({ centers: [membersCenter] });
  // Credits last 30 days here (the default is 365), so an expiry at the default would show.
  mustOk(await updatePointsSettings(await opened.as(ADMIN), { validityDays: 30 }));
  // Gold from 1000 growth: earning multiplies by 1.5 there, by 1 below it.
  mustOk(await createMemberLevel(await opened.as(ADMIN), { name: '黄金 Gold', growthThreshold: 1000, pointsMultiplierPercent: 150 }));
  return opened;
});

const DAY = 86_400_000;
const T0 = new Date('2031-05-01T04:00:00.000Z');
const at = (ms: number) => new Date(ms);
const as = async (token: TokenInput, now = T0) => ({ ...(await world.as(token)), now: () => now });
const db = () => world.host.database.forCenter('members');
const { balance, ledgerSum, lotsLeft } = pointsLedger(db);
const MAX = 100_000_000;

let phones = 0;
async function member(points = 0): Promise<string> {
  const id = mustOk(await registerMember(await as(ADMIN), { name: '积分 Points', phone: `1360000${String(++phones).padStart(4, '0')}` })).id;
  if (points) mustOk(await adjustPoints(await as(ADMIN), { memberId: id, points, reason: 'opening balance' }));
  return id;
}
const entries = async (memberId: string) => (await db().select().from(pointsEntries).where(eq(pointsEntries.memberId, memberId))).sort((a, b) => a.seq - b.seq);
const entryOf = async (orderId: string, kind: 'EARN' | 'SPEND' | 'REFUND') =>
  (
    await db()
      .select()
      .from(pointsEntries)
      .where(and(eq(pointsEntries.orderId, orderId), eq(pointsEntries.kind, kind)))
  )[0]!;
const growthOf = async (memberId: string) => (await db().select().from(members).where(eq(members.id, memberId)))[0]!.growth;
const unknownMember = () => newId(membersService.MEMBER_ID_PREFIX);
const refused = (field: string, code: string, message: string) => ({ ok: false, errors: [{ field: ['input', field], code, message }] });

/** The JSON log lines of `level` written while `run` runs (the logger is silent under test unless LOG_LEVEL says). */
async function logged(level: 'warn', run: () => Promise<void>): Promise<Record<string, unknown>[]> {
  const lines: string[] = [];
  const saved = process.env.LOG_LEVEL;
  process.env.LOG_LEVEL = level;
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (lines.push(String(chunk)), true));
  try {
    await run();
  } finally {
    spy.mockRestore();
    if (saved === undefined) delete process.env.LOG_LEVEL;
    else process.env.LOG_LEVEL = saved;
  }
  return lines
    .flatMap((chunk) => chunk.split('\n'))
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((entry) => entry.level === level);
}

describe('points of a spend or an earning: a whole number from 1 to 100,000,000', () => {
  // Guards against zero, a fraction or one too many points being accepted, and 1 or the maximum
  // being refused, for spends and earnings alike.
  it('refuses 0, 1.5 and 100,000,001; takes 1 and 100,000,000', async () => {
    const id = await member(MAX);
    const message = `Points must be a whole number from 1 to ${MAX}`;
    for (const points of [0, 1.5, MAX + 1]) {
      expect(await spendPoints(await as(SERVICE), { memberId: id, points, orderId: newId('ord') })).toEqual(refused('points', 'OUT_OF_RANGE', message));
      expect(await earnPoints(await as(SERVICE), { memberId: id, points, orderId: newId('ord') })).toEqual(refused('points', 'OUT_OF_RANGE', message));
    }
    expect(mustOk(await spendPoints(await as(SERVICE), { memberId: id, points: 1, orderId: newId('ord') }))).toEqual({ points: 1, balance: MAX - 1 });
    expect(mustOk(await spendPoints(await as(SERVICE), { memberId: id, points: MAX - 1, orderId: newId('ord') }))).toEqual({ points: MAX - 1, balance: 0 });
    expect(mustOk(await earnPoints(await as(SERVICE), { memberId: id, points: MAX, orderId: newId('ord') }))).toEqual({ points: MAX, balance: MAX });
  });

  // Guards against bad points being let through when the order id is fine: the request would then
  // be answered with an earlier posting of that order, or with the member's problems added.
  it('refuses bad points for an order that already posted, and names only the points', async () => {
    const id = await member(100);
    const [spent, earned] = [newId('ord'), newId('ord')];
    mustOk(await spendPoints(await as(SERVICE), { memberId: id, points: 10, orderId: spent }));
    mustOk(await earnPoints(await as(SERVICE), { memberId: id, points: 10, orderId: earned }));
    const message = `Points must be a whole number from 1 to ${MAX}`;
    expect(await spendPoints(await as(SERVICE), { memberId: id, points: 0, orderId: spent })).toEqual(refused('points', 'OUT_OF_RANGE', message));
    expect(await earnPoints(await as(SERVICE), { memberId: id, points: 0, orderId: earned })).toEqual(refused('points', 'OUT_OF_RANGE', message));
    expect(await spendPoints(await as(SERVICE), { memberId: unknownMember(), points: 0, orderId: newId('ord') })).toEqual(
      refused('points', 'OUT_OF_RANGE', message),
    );
  });

  // Guards against a posting without an order (it could not be made once per order) and one
  // whose order id would not fit.
  it('needs an order id of at most 40 characters, for spend, earn and refund', async () => {
    const id = await member(100);
    const blank = refused('orderId', 'REQUIRED', 'Order id is required');
    const long = refused('orderId', 'TOO_LONG', 'Order id is at most 40 characters');
    expect(await spendPoints(await as(SERVICE), { memberId: id, points: 1, orderId: ' ' })).toEqual(blank);
    expect(await earnPoints(await as(SERVICE), { memberId: id, points: 1, orderId: 'x'.repeat(41) })).toEqual(long);
    expect(await refundPoints(await as(SERVICE), { orderId: ' ' })).toEqual(blank);
    expect(await refundPoints(await as(SERVICE), { orderId: 'x'.repeat(41) })).toEqual(long);
    expect(await balance(id)).toBe(100);
  });
});

describe('who may move points', () => {
  // Guards against points moved for a malformed, unknown or frozen member, and against each
  // refusal naming the wrong field or member.
  it('refuses a bad member id, an unknown member and a frozen one, writing nothing', async () => {
    const frozen = await member(50);
    mustOk(await changeMemberStatus(await as(ADMIN), { id: frozen, status: 'FROZEN' }));
    const ghost = unknownMember();
    for (const move of [spendPoints, earnPoints]) {
      expect(await move(await as(SERVICE), { memberId: 'nope', points: 5, orderId: newId('ord') })).toEqual(
        refused('memberId', 'INVALID_ID', '"nope" is not a member id'),
      );
      expect(await move(await as(SERVICE), { memberId: ghost, points: 5, orderId: newId('ord') })).toEqual(
        refused('memberId', 'NOT_FOUND', `Member ${ghost} not found`),
      );
      expect(await move(await as(SERVICE), { memberId: frozen, points: 5, orderId: newId('ord') })).toEqual(
        refused('memberId', 'INACTIVE', `Member ${frozen} is frozen`),
      );
    }
    expect([await balance(frozen), await growthOf(frozen), (await entries(frozen)).length]).toEqual([50, 0, 1]);
  });
});

describe('spend and refund', () => {
  // Guards against an overdraft, a refusal that writes, a spend stamped with the wrong time, and
  // a repeat of one order's spend that spends again or answers with a signed number.
  it('spends once per order at the request time; refuses more than the balance with the amount in the message', async () => {
    const id = await member(500);
    const orderId = newId('ord');
    const spendAt = at(T0.getTime() + DAY);
    expect(await spendPoints(await as(SERVICE, spendAt), { memberId: id, points: 501, orderId })).toEqual(
      refused('points', 'INSUFFICIENT_POINTS', 'The member has fewer than 501 points'),
    );
    expect(mustOk(await spendPoints(await as(SERVICE, spendAt), { memberId: id, points: 200, orderId: `  ${orderId} ` }))).toEqual({
      points: 200,
      balance: 300,
    });
    expect(mustOk(await spendPoints(await as(SERVICE, spendAt), { memberId: id, points: 999, orderId }))).toEqual({ points: 200, balance: 300 });
    const spend = await entryOf(orderId, 'SPEND');
    expect([spend.memberId, spend.points, spend.remaining, spend.expiresAt, spend.createdAt]).toEqual([id, -200, null, null, spendAt]);
    expect([await balance(id), await ledgerSum(id), await lotsLeft(id)]).toEqual([300, 300, 300]);
  });

  // Guards against a refund that gives back the wrong sign or amount, a lot that never expires
  // or expires at the default validity, a second refund, and a refund of an order that spent
  // nothing.
  it('gives back what the order spent once, as a fresh lot valid for the configured days', async () => {
    const id = await member(500);
    const orderId = newId('ord');
    mustOk(await spendPoints(await as(SERVICE), { memberId: id, points: 120, orderId }));
    const refundAt = at(T0.getTime() + 2 * DAY);
    expect(mustOk(await refundPoints(await as(SERVICE, refundAt), { orderId }))).toEqual({ points: 120, balance: 500 });
    expect(mustOk(await refundPoints(await as(SERVICE, refundAt), { orderId }))).toEqual({ points: 120, balance: 500 });
    const refund = await entryOf(orderId, 'REFUND');
    expect([refund.memberId, refund.points, refund.remaining, refund.expiresAt, refund.createdAt]).toEqual([
      id,
      120,
      120,
      at(refundAt.getTime() + 30 * DAY),
      refundAt,
    ]);
    expect(mustOk(await refundPoints(await as(SERVICE), { orderId: newId('ord') }))).toEqual({ points: 0, balance: null });
    expect([await balance(id), await ledgerSum(id)]).toEqual([500, 500]);
  });

  // Guards against the late requests of one order, which find no entry yet and then hit the
  // unique key, spending again or failing instead of answering with the first spend.
  it('ten spends of one order started together spend once and all answer alike', async () => {
    const id = await member(1000);
    const orderId = newId('ord');
    const contexts = await Promise.all(Array.from({ length: 10 }, () => as(SERVICE)));
    const results = await Promise.all(contexts.map((ctx) => spendPoints(ctx, { memberId: id, points: 100, orderId })));
    expect(results.map((r) => mustOk(r))).toEqual(Array.from({ length: 10 }, () => ({ points: 100, balance: 900 })));
    expect([await balance(id), (await entries(id)).filter((e) => e.kind === 'SPEND').length]).toEqual([900, 1]);
  });
});

describe('earning', () => {
  // Guards against a multiplier applied below its level (or not at all above it), one that rounds
  // up, growth grown by the multiplied points instead of the base, and a lot's wrong expiry.
  it('earns at 1x below Gold and 1.5x (rounded down) from it; growth counts the base points', async () => {
    const id = await member();
    const first = newId('ord');
    expect(mustOk(await earnPoints(await as(SERVICE), { memberId: id, points: 999, orderId: first }))).toEqual({ points: 999, balance: 999 });
    expect(mustOk(await earnPoints(await as(SERVICE), { memberId: id, points: 1, orderId: newId('ord') }))).toEqual({ points: 1, balance: 1000 });
    expect(await growthOf(id)).toBe(1000);
    const earnAt = at(T0.getTime() + 3 * DAY);
    const gold = newId('ord');
    expect(mustOk(await earnPoints(await as(SERVICE, earnAt), { memberId: id, points: 101, orderId: gold }))).toEqual({ points: 151, balance: 1151 });
    expect(await growthOf(id)).toBe(1101);
    const entry = await entryOf(gold, 'EARN');
    expect([entry.points, entry.remaining, entry.expiresAt, entry.createdAt]).toEqual([151, 151, at(earnAt.getTime() + 30 * DAY), earnAt]);
    // Once per order: a repeat earns nothing and grows nothing.
    expect(mustOk(await earnPoints(await as(SERVICE), { memberId: id, points: 500, orderId: gold }))).toEqual({ points: 151, balance: 1151 });
    expect(await growthOf(id)).toBe(1101);
  });

  // Guards against an order that paid less than one unit earning (or failing), cents earning, and
  // a frozen member's completed order failing the event instead of earning nothing.
  it('a completed order earns one point per whole unit paid; under one unit or a frozen member earns nothing', async () => {
    const id = await member();
    const completed = (orderId: string, memberId: string, paid: string): EventCatalog['OrderCompleted'] =>
      ({ orderId, memberId, paid, currencyCode: 'CNY' }) as EventCatalog['OrderCompleted'];
    const [paidOrder, centsOrder, frozenOrder] = [newId('ord'), newId('ord'), newId('ord')];
    const frozen = await member();
    mustOk(await changeMemberStatus(await as(ADMIN), { id: frozen, status: 'FROZEN' }));
    // The warnings it logs: a frozen member's order is worth a line (someone may grant the points
    // by hand); an order under one unit is not (nothing was due).
    const warnings = await logged('warn', async () => {
      await creditCompletedOrder(await as(SERVICE), completed(paidOrder, id, '88.99'));
      await creditCompletedOrder(await as(SERVICE), completed(centsOrder, id, '0.99'));
      await creditCompletedOrder(await as(SERVICE), completed(frozenOrder, frozen, '50.00'));
    });
    expect([(await entryOf(paidOrder, 'EARN')).points, await balance(id), (await entries(id)).length]).toEqual([88, 88, 1]);
    expect([await balance(frozen), (await entries(frozen)).length]).toEqual([0, 0]);
    expect(warnings.filter((w) => [paidOrder, centsOrder, frozenOrder].includes(w.orderId as string)).map((w) => [w.message, w.orderId, w.reasons])).toEqual([
      ['a completed order earned no points', frozenOrder, [`Member ${frozen} is frozen`]],
    ]);
  });
});

describe('adjusting by hand', () => {
  // Guards against a zero adjustment, a fraction, one past the maximum either way, a balance
  // below zero, and a reason that loses who made it.
  it('takes -100,000,000 to 100,000,000 except 0; never below zero; the reason names the actor', async () => {
    const id = await member();
    const message = 'Points must be a non-zero whole number';
    for (const points of [0, 2.5, MAX + 1, -MAX - 1]) {
      expect(await adjustPoints(await as(ADMIN), { memberId: id, points, reason: 'x' })).toEqual(refused('points', 'OUT_OF_RANGE', message));
    }
    const adjustAt = at(T0.getTime() + 4 * DAY);
    const credit = mustOk(await adjustPoints(await as(ADMIN, adjustAt), { memberId: id, points: MAX, reason: ' 补偿 goodwill ' }));
    expect([credit.kind, credit.points, credit.remaining, credit.reason, credit.orderId, credit.expiresAt, credit.createdAt]).toEqual([
      'ADJUST',
      MAX,
      MAX,
      '补偿 goodwill (admin:test)',
      null,
      at(adjustAt.getTime() + 30 * DAY),
      adjustAt,
    ]);
    expect(mustOk(await adjustPoints(await as({ role: 'SERVICE' }), { memberId: id, points: -MAX, reason: 'cleared' })).reason).toBe('cleared (service:dev)');
    // A call without claims (a job) is recorded as such, not as nobody.
    const unclaimed = { ...(await as(ADMIN)), claims: null };
    expect(mustOk(await adjustPoints(unclaimed, { memberId: id, points: 1, reason: 'job' })).reason).toBe('job (unknown)');
    expect(mustOk(await adjustPoints(unclaimed, { memberId: id, points: -1, reason: 'job' })).reason).toBe('job (unknown)');
    expect(await adjustPoints(await as(ADMIN), { memberId: id, points: -1, reason: 'x' })).toEqual(
      refused('points', 'INSUFFICIENT_POINTS', 'The balance is 0: it cannot go below zero'),
    );
    expect([await balance(id), await ledgerSum(id)]).toEqual([0, 0]);
  });

  // Guards against an adjustment of a malformed or unknown member, or without a reason.
  it('refuses a bad member id, an unknown member and a missing reason', async () => {
    expect(await adjustPoints(await as(ADMIN), { memberId: 'nope', points: 5, reason: 'x' })).toEqual(
      refused('memberId', 'INVALID_ID', '"nope" is not a member id'),
    );
    const ghost = unknownMember();
    expect(await adjustPoints(await as(ADMIN), { memberId: ghost, points: 5, reason: 'x' })).toEqual(
      refused('memberId', 'NOT_FOUND', `Member ${ghost} not found`),
    );
    expect(await adjustPoints(await as(ADMIN), { memberId: await member(), points: 5, reason: '' })).toEqual(
      refused('reason', 'REQUIRED', 'Reason is required'),
    );
  });
});

describe('expiry sweep: a lot expires at its expiresAt, not before', () => {
  // Guards against a lot expiring 1 ms early or staying past its time, the sweep taking spent
  // points or reporting the wrong count, and a second sweep expiring again.
  it('1 ms before nothing expires; at the time exactly what is left of the due lots expires, once', async () => {
    const a = await member();
    const b = await member();
    // Before every other test's lots (made at T0 or later, due 30 days after): the sweep's count is theirs alone.
    const earnedAt = at(T0.getTime() - 60 * DAY);
    mustOk(await adjustPoints(await as(ADMIN, earnedAt), { memberId: a, points: 300, reason: 'lot 1' }));
    mustOk(await adjustPoints(await as(ADMIN, at(earnedAt.getTime() + DAY)), { memberId: a, points: 50, reason: 'lot 2' }));
    mustOk(await adjustPoints(await as(ADMIN, earnedAt), { memberId: b, points: 40, reason: 'lot' }));
    mustOk(await spendPoints(await as(SERVICE, earnedAt), { memberId: a, points: 100, orderId: newId('ord') }));
    const due = at(earnedAt.getTime() + 30 * DAY);

    expect(await expireDuePoints(await as(SERVICE), at(due.getTime() - 1))).toBe(0);
    expect([await balance(a), await balance(b)]).toEqual([250, 40]);
    // The clock's now is the default time of the sweep.
    expect(await expireDuePoints(await as(SERVICE, due))).toBe(240);
    expect([await balance(a), await lotsLeft(a), await ledgerSum(a), await balance(b), await ledgerSum(b)]).toEqual([50, 50, 50, 0, 0]);
    const expired = (await entries(a)).filter((e) => e.kind === 'EXPIRE');
    expect(expired.map((e) => [e.points, e.reason, e.remaining, e.expiresAt, e.createdAt])).toEqual([[-200, 'points expired', null, null, due]]);
    expect(await expireDuePoints(await as(SERVICE), due)).toBe(0);
    expect(await balance(a)).toBe(50);
  });

  // Guards against the sweep that finds a member's due lots already taken by another sweep (both
  // listed the member before either locked it) posting an expiry of zero points.
  it('two sweeps at once expire each lot once between them', async () => {
    const a = await member();
    const earnedAt = at(T0.getTime() - 90 * DAY);
    mustOk(await adjustPoints(await as(ADMIN, earnedAt), { memberId: a, points: 70, reason: 'lot' }));
    const due = at(earnedAt.getTime() + 30 * DAY);
    const sweeps = await Promise.all([as(SERVICE, due), as(SERVICE, due)]);
    expect((await Promise.all(sweeps.map((ctx) => expireDuePoints(ctx)))).sort()).toEqual([0, 70]);
    expect([await balance(a), (await entries(a)).map((e) => [e.kind, e.points])]).toEqual([
      0,
      [
        ['ADJUST', 70],
        ['EXPIRE', -70],
      ],
    ]);
  });
});
