import { and, eq, gt, gte, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import {
  CURRENCY_CODES,
  isId,
  membersService,
  newId,
  ok,
  parseMoney,
  Problems,
  requiredText,
  type CurrencyCode,
  type Db,
  type RequestContext,
  type Result,
} from '@zhongtai/kit';
import {
  assessmentOrders,
  assessments,
  blocklistEntries,
  counters,
  memberRegistrations,
  sightings,
  type AssessmentRow,
  type BlocklistKind,
  type RuleKind,
} from '../db/tables.ts';
import { evaluate, isNewAccount, type Facts, type RuleSettings } from './evaluate.ts';
import { ASSESSMENT_ID_PREFIX, MEMBER_ID_PREFIX } from './ids.ts';
import { addressKey, bucketOf, phoneKey, type RiskAddress } from './keys.ts';
import { loadRules } from './rules.ts';

export type AssessmentKind = 'ORDER' | 'PAYMENT' | 'REFUND';

export interface AssessRiskInput {
  kind: AssessmentKind;
  memberId: string;
  /** The order assessed: for ORDER the checkout (parent order); for PAYMENT/REFUND its id. */
  orderId: string;
  /** The shop orders the verdict applies to (Order.riskAssessment finds it through them). */
  orderIds?: string[] | null;
  amount: { amount: string; currencyCode: CurrencyCode };
  /** Required for ORDER (where it goes); PAYMENT and REFUND callers may not know it. */
  address?: RiskAddress | null;
  deviceId?: string | null;
  ip?: string | null;
  couponTemplateId?: string | null;
}

/** What each counting rule counts, by dimension; the key comes from the request. */
const DIMENSION: Partial<Record<RuleKind, string>> = {
  VELOCITY_MEMBER: 'orders/member',
  VELOCITY_ADDRESS: 'orders/address',
  VELOCITY_DEVICE: 'orders/device',
  VELOCITY_IP: 'orders/ip',
};
const REFUNDS_DIMENSION = 'refunds/member';

interface Validated extends Omit<AssessRiskInput, 'amount' | 'address'> {
  address: RiskAddress | null;
  amountMinor: bigint;
  currency: CurrencyCode;
}

function validate(input: AssessRiskInput, problems: Problems): Validated | undefined {
  problems.check(isId(MEMBER_ID_PREFIX, input.memberId), ['input', 'memberId'], 'INVALID_ID', `"${input.memberId}" is not a member id`);
  requiredText(problems, input.orderId, ['input', 'orderId'], 'Order', 40);
  problems.check((input.orderIds ?? []).length <= 100, ['input', 'orderIds'], 'TOO_MANY', 'At most 100 orders');
  problems.check(CURRENCY_CODES.includes(input.amount.currencyCode), ['input', 'amount', 'currencyCode'], 'INVALID', 'Unknown currency');
  const amountMinor = parseMoney(input.amount, problems, ['input', 'amount']);
  const address = input.address ?? null;
  if (input.kind === 'ORDER') problems.check(address !== null, ['input', 'address'], 'REQUIRED', 'An order is assessed with its address');
  for (const part of ['province', 'city', 'district', 'detail', 'phone'] as const)
    if (address) requiredText(problems, address[part], ['input', 'address', part], `Address ${part}`, 200);
  for (const part of ['deviceId', 'ip', 'couponTemplateId'] as const)
    problems.check((input[part] ?? '').length <= 100, ['input', part], 'TOO_LONG', `${part} is at most 100 characters`);
  if (problems.any || amountMinor === undefined) return undefined;
  return { ...input, address, amountMinor, currency: input.amount.currencyCode };
}

/**
 * Assesses an order, a payment or a refund: counts it (one upsert per counter, in this
 * transaction), reads each rule's window from the counters, checks the blocklists and the
 * member's age, and stores the verdict with its inputs and the rules that fired.
 */
export async function assessRisk(ctx: RequestContext, input: AssessRiskInput): Promise<Result<AssessmentRow>> {
  const problems = new Problems();
  const request = validate(input, problems);
  if (!request) return problems.refuse();
  const rules = (await loadRules(ctx.db)).filter((r) => r.enabled);
  // Only order rules read the member's age.
  const accountAgeSeconds =
    request.kind === 'ORDER' && rules.some((r) => r.kind === 'NEW_ACCOUNT_LARGE_ORDER' || r.kind === 'ADDRESS_NEW_ACCOUNTS' || r.kind === 'COUPON_FARMING')
      ? await accountAge(ctx, request.memberId)
      : null;
  const now = ctx.now();
  const orderKeys: Record<string, string | null> | null =
    request.kind === 'ORDER' && request.address
      ? {
          'orders/member': request.memberId,
          'orders/address': addressKey(request.address),
          'orders/device': request.deviceId ?? null,
          'orders/ip': request.ip ?? null,
        }
      : null;
  // Counted before the transaction, each upsert committed on its own: the counter rows are hot
  // (one IP or one address for many members at once), and a lock held until the verdict is
  // stored queued every concurrent checkout behind the one before it, past the callers' 200 ms
  // deadline. Each upsert answers its counter's count in this minute, this request included, as
  // the lock gave it: concurrent requests still each see their own count. A request whose
  // verdict then fails to be stored stays counted: it was tried.
  const counted = orderKeys
    ? // The member's orders are counted whether or not velocity is on: the refund rate needs them.
      await count(
        ctx.db,
        Object.entries(orderKeys).flatMap(([dimension, key]) => (key ? [{ dimension, key }] : [])),
        now,
      )
    : request.kind === 'REFUND'
      ? await count(ctx.db, [{ dimension: REFUNDS_DIMENSION, key: request.memberId }], now)
      : new Map<string, number>();
  return ctx.db.transaction(async (tx) => {
    const facts: Facts = {
      kind: request.kind,
      counts: {},
      amountMinor: request.amountMinor,
      currency: request.currency,
      accountAgeSeconds,
      refunds: null,
      blocked: [],
    };
    const ruleOf = (kind: RuleKind) => rules.find((r) => r.kind === kind);
    if (orderKeys && request.address) {
      const address = request.address;
      const keys = orderKeys;
      const windows = rules.flatMap((rule) => {
        const dimension = DIMENSION[rule.kind];
        const key = dimension ? keys[dimension] : null;
        return dimension && key ? [{ kind: rule.kind, dimension, key, windowSeconds: rule.windowSeconds }] : [];
      });
      const sums = await windowSums(tx, windows, now, counted);
      windows.forEach((w, i) => (facts.counts[w.kind] = sums[i]));
      const brushing = ruleOf('ADDRESS_NEW_ACCOUNTS');
      if (brushing && isNewAccount(brushing, accountAgeSeconds)) {
        facts.counts.ADDRESS_NEW_ACCOUNTS = await sighting(tx, 'new-members/address', addressKey(address), request.memberId, now, brushing.windowSeconds);
      }
      const farming = ruleOf('COUPON_FARMING');
      if (farming && request.deviceId && request.couponTemplateId && isNewAccount(farming, accountAgeSeconds)) {
        const key = `${request.deviceId}|${request.couponTemplateId}`;
        facts.counts.COUPON_FARMING = await sighting(tx, 'new-members/device-template', key, request.memberId, now, farming.windowSeconds);
      }
    }
    if (request.kind === 'REFUND') {
      const rate = ruleOf('REFUND_RATE');
      if (rate) {
        const [orders = 0, refunds = 0] = await windowSums(
          tx,
          [
            { dimension: 'orders/member', key: request.memberId, windowSeconds: rate.windowSeconds },
            { dimension: REFUNDS_DIMENSION, key: request.memberId, windowSeconds: rate.windowSeconds },
          ],
          now,
          counted,
        );
        facts.refunds = { orders, refunds };
      }
    }
    if (ruleOf('BLOCKLIST')) facts.blocked = await blockedBy(tx, request, now);
    const verdict = evaluate(rules as RuleSettings[], facts);
    const [row] = await tx
      .insert(assessments)
      .values({
        id: newId(ASSESSMENT_ID_PREFIX),
        kind: request.kind,
        decision: verdict.decision,
        score: verdict.score,
        firedRules: verdict.fired,
        inputs: inputsOf(input),
        memberId: request.memberId,
        subjectId: request.orderId,
      })
      .returning();
    if (!row) throw new Error('an insert returned no row');
    await linkOrders(tx, row.id, request.orderIds ?? [], false);
    return ok(row);
  });
}

/** The inputs as given, stored with the verdict (amounts as decimal text: JSON). */
export function inputsOf(input: AssessRiskInput): Record<string, unknown> {
  return { ...input, orderIds: input.orderIds ?? [] };
}

/**
 * Which assessment each order answers to. A verdict that comes late (after the caller went on
 * without it) does not replace the SKIPPED one the caller recorded: `replace` only for SKIPPED.
 */
export async function linkOrders(tx: Db, assessmentId: string, orderIds: string[], replace: boolean): Promise<void> {
  if (!orderIds.length) return;
  const insert = tx.insert(assessmentOrders).values(orderIds.map((orderId) => ({ orderId, assessmentId })));
  await (replace ? insert.onConflictDoUpdate({ target: assessmentOrders.orderId, set: { assessmentId } }) : insert.onConflictDoNothing());
}

/** Which counter, in the map count() answers. */
const counterKey = (dimension: string, key: string) => `${dimension}\u0000${key}`;

/**
 * One upsert for every counter of the request, committed by itself: rows are locked in the order
 * given (always the same order of dimensions), for this statement only. Answers each counter's
 * count in the current minute after this request's own.
 */
async function count(db: Db, keys: { dimension: string; key: string }[], now: Date): Promise<Map<string, number>> {
  if (!keys.length) return new Map();
  const rows = await db
    .insert(counters)
    .values(keys.map(({ dimension, key }) => ({ dimension, key, bucket: bucketOf(now), count: 1 })))
    .onConflictDoUpdate({ target: [counters.dimension, counters.key, counters.bucket], set: { count: sql`${counters.count} + 1` } })
    .returning({ dimension: counters.dimension, key: counters.key, count: counters.count });
  return new Map(rows.map((r) => [counterKey(r.dimension, r.key), r.count]));
}

/**
 * Each window's count in one query: its minute buckets summed (the oldest bucket is counted whole,
 * so a window is up to a minute longer than configured). Read after this request's own upsert, in
 * its transaction: the count includes this request.
 */
async function windowSums(
  tx: Db,
  windows: { dimension: string; key: string; windowSeconds: number }[],
  now: Date,
  counted: Map<string, number> = new Map(),
): Promise<number[]> {
  if (!windows.length) return [];
  const current = bucketOf(now);
  const own = windows.map((w) => counted.get(counterKey(w.dimension, w.key)));
  // A counter this request counted: its earlier minutes from the table, this minute as the upsert answered it.
  const parts = windows.map((w, i) => {
    const from = bucketOf(new Date(now.getTime() - w.windowSeconds * 1000));
    const before = own[i] === undefined ? sql`` : sql` and ${lt(counters.bucket, current)}`;
    return sql`(${eq(counters.dimension, w.dimension)} and ${eq(counters.key, w.key)} and ${gte(counters.bucket, from)}${before})`;
  });
  const columns = Object.fromEntries(parts.map((part, i) => [`w${i}`, sql<number>`coalesce(sum(${counters.count}) filter (where ${part}), 0)::int`]));
  const [row] = await tx
    .select(columns)
    .from(counters)
    .where(or(...parts));
  return windows.map((_, i) => Number(row?.[`w${i}`] ?? 0) + (own[i] ?? 0));
}

/** Records that `memberId` was seen under `key` (first time only) and counts the distinct members seen within the window. */
async function sighting(tx: Db, dimension: string, key: string, memberId: string, now: Date, windowSeconds: number): Promise<number> {
  await tx.insert(sightings).values({ dimension, key, memberId, firstSeenAt: now }).onConflictDoNothing();
  const from = new Date(now.getTime() - windowSeconds * 1000);
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(sightings)
    .where(and(eq(sightings.dimension, dimension), eq(sightings.key, key), gte(sightings.firstSeenAt, from)));
  return row?.n ?? 0;
}

async function blockedBy(tx: Db, request: Validated, now: Date): Promise<BlocklistKind[]> {
  const wanted: [BlocklistKind, string][] = [['MEMBER', request.memberId]];
  if (request.address) wanted.push(['PHONE', phoneKey(request.address.phone)], ['ADDRESS', addressKey(request.address)]);
  if (request.deviceId) wanted.push(['DEVICE', request.deviceId]);
  const rows = await tx
    .select({ kind: blocklistEntries.kind, value: blocklistEntries.value })
    .from(blocklistEntries)
    .where(
      and(
        inArray(
          blocklistEntries.value,
          wanted.map(([, v]) => v),
        ),
        isNull(blocklistEntries.removedAt),
        or(isNull(blocklistEntries.expiresAt), gt(blocklistEntries.expiresAt, now)),
      ),
    );
  const hit = new Set(rows.map((r) => `${r.kind}:${r.value}`));
  return wanted.filter(([kind, value]) => hit.has(`${kind}:${value}`)).map(([kind]) => kind);
}

/**
 * Seconds since the member registered; null when the member center does not know the member. A
 * registration date never changes: asked of the member center once per member, then kept here.
 */
async function accountAge(ctx: RequestContext, memberId: string): Promise<number | null> {
  const [known] = await ctx.db.select().from(memberRegistrations).where(eq(memberRegistrations.memberId, memberId));
  let registeredAt = known?.registeredAt;
  if (!registeredAt) {
    const { memberQuote } = await ctx.services.call(membersService.memberQuote, { memberId });
    if (!memberQuote) return null;
    registeredAt = new Date(memberQuote.registeredAt);
    await ctx.db.insert(memberRegistrations).values({ memberId, registeredAt }).onConflictDoNothing();
  }
  return Math.max(0, (ctx.now().getTime() - registeredAt.getTime()) / 1000);
}
