import { eq } from 'drizzle-orm';
import {
  assertCan,
  CURRENCY_CODES,
  isId,
  newId,
  ok,
  parseMoney,
  Problems,
  requiredText,
  type CurrencyCode,
  type Db,
  type MoneyInput,
  type RequestContext,
  type Result,
} from '@zhongtai/kit';
import { ACCOUNT_CODES, journalEntries, postings, settlementItems, type AccountCode, type JournalEntryRow } from '../db/tables.ts';
import { isPerShop } from './accounts.ts';
import { JOURNAL_ENTRY_ID_PREFIX, SETTLEMENT_ITEM_ID_PREFIX, SHOP_ID_PREFIX } from './ids.ts';
import { entryProblem, postEntry, type PostingLine } from './journal.ts';
import { journalEntryTenancy } from './tenancy.ts';
import { present } from './rows.ts';

/**
 * The only postings written by hand: an operator's adjusting entry (调账) and the reversal of an
 * entry (冲销), each with a reason; the kit's audit log records who asked. What either does to a
 * shop's payable becomes an ADJUSTMENT line of the shop's next statement.
 */
export interface AdjustingEntryInput {
  reason: string;
  /** The caller's key: the same key posts once. */
  idempotencyKey: string;
  postings: { account: AccountCode; shopId?: string | null; debit?: MoneyInput | null; credit?: MoneyInput | null }[];
}

export async function postAdjustingEntry(ctx: RequestContext, input: AdjustingEntryInput): Promise<Result<JournalEntryRow>> {
  assertCan(ctx, journalEntryTenancy, {} as JournalEntryRow, 'write');
  const problems = new Problems();
  const reason = requiredText(problems, input.reason, ['input', 'reason'], 'Reason', 500);
  const key = requiredText(problems, input.idempotencyKey, ['input', 'idempotencyKey'], 'Idempotency key', 100);
  if (input.postings.length < 2 || input.postings.length > 50) problems.add(['input', 'postings'], 'OUT_OF_RANGE', 'An entry has 2 to 50 postings');
  const currencies = new Set<CurrencyCode>();
  const lines: PostingLine[] = [];
  input.postings.forEach((p, i) => {
    const field = ['input', 'postings', String(i)];
    if (!ACCOUNT_CODES.includes(p.account)) return void problems.add([...field, 'account'], 'INVALID', `Unknown account ${p.account}`);
    if (isPerShop(p.account) !== Boolean(p.shopId))
      return void problems.add([...field, 'shopId'], 'INVALID', `${p.account} ${isPerShop(p.account) ? 'needs' : 'takes no'} shop`);
    if (p.shopId && !isId(SHOP_ID_PREFIX, p.shopId)) return void problems.add([...field, 'shopId'], 'INVALID_ID', 'Not a shop id');
    const side = p.debit ?? p.credit;
    if (!side || (p.debit && p.credit)) return void problems.add(field, 'INVALID', 'A posting is a debit or a credit');
    if (!CURRENCY_CODES.includes(side.currencyCode)) return void problems.add([...field, 'currencyCode'], 'INVALID', 'Unknown currency');
    const amount = parseMoney(side, problems, [...field, p.debit ? 'debit' : 'credit']);
    if (amount === undefined) return;
    if (amount <= 0n) return void problems.add([...field, p.debit ? 'debit' : 'credit'], 'OUT_OF_RANGE', 'An amount is more than zero');
    currencies.add(side.currencyCode);
    lines.push({ code: p.account, shopId: p.shopId ?? null, amount: p.debit ? amount : -amount });
  });
  if (currencies.size > 1) problems.add(['input', 'postings'], 'CURRENCY_MISMATCH', 'An adjusting entry is in one currency');
  if (!problems.any) {
    const unbalanced = entryProblem(lines);
    if (unbalanced) problems.add(['input', 'postings'], 'INVALID', `The entry does not balance: ${unbalanced}`);
  }
  if (problems.any || !reason || !key) return problems.refuse();
  const currency = present([...currencies][0], 'the entry currency');
  return ctx.db.transaction(async (tx) => {
    const sourceKey = `adjustment:${key}`;
    const entry = await postEntry(tx, {
      sourceKey,
      kind: 'ADJUSTMENT',
      memo: `adjusting entry: ${reason}`,
      currency,
      reason,
      actor: ctx.claims?.subject ?? 'system',
      postedAt: ctx.now(),
      postings: lines,
    });
    if (!entry)
      return ok(present((await tx.select().from(journalEntries).where(eq(journalEntries.sourceKey, sourceKey)))[0], 'the entry posted with this key'));
    await payableAdjustments(tx, entry, currency, lines);
    return ok(entry);
  });
}

/** 冲销: posts the exact opposite of an entry, once; the entry itself never changes. */
export async function reverseEntry(ctx: RequestContext, input: { entryId: string; reason: string }): Promise<Result<JournalEntryRow>> {
  assertCan(ctx, journalEntryTenancy, {} as JournalEntryRow, 'write');
  const problems = new Problems();
  const reason = requiredText(problems, input.reason, ['input', 'reason'], 'Reason', 500);
  if (!isId(JOURNAL_ENTRY_ID_PREFIX, input.entryId)) problems.add(['input', 'entryId'], 'INVALID_ID', 'Not a journal entry id');
  if (problems.any || !reason) return problems.refuse();
  const [original] = await ctx.db.select().from(journalEntries).where(eq(journalEntries.id, input.entryId));
  if (!original) return problems.add(['input', 'entryId'], 'NOT_FOUND', `Entry ${input.entryId} not found`).refuse();
  if (original.kind === 'REVERSAL')
    return problems.add(['input', 'entryId'], 'INVALID', 'A reversal is corrected by a new adjusting entry, not reversed').refuse();
  const lines = await ctx.db.select().from(postings).where(eq(postings.entryId, original.id));
  const currency = present(lines[0], 'the postings of an entry').currency;
  const opposite = lines.map((l) => ({ code: l.code, shopId: l.shopId, amount: -l.amount, orderId: l.orderId }));
  return ctx.db.transaction(async (tx) => {
    const entry = await postEntry(tx, {
      sourceKey: `reversal:${original.id}`,
      kind: 'REVERSAL',
      memo: `reversal of ${original.id} (${original.memo})`,
      currency,
      orderId: original.orderId,
      shopId: original.shopId,
      reversesEntryId: original.id,
      reason,
      actor: ctx.claims?.subject ?? 'system',
      postedAt: ctx.now(),
      postings: opposite,
    });
    if (!entry) return problems.add(['input', 'entryId'], 'DUPLICATE', `Entry ${original.id} was reversed already`).refuse();
    await payableAdjustments(tx, entry, currency, opposite);
    return ok(entry);
  });
}

/** A hand-written entry's effect on each shop's payable, as an ADJUSTMENT line for its next statement. */
async function payableAdjustments(tx: Db, entry: JournalEntryRow, currency: CurrencyCode, lines: PostingLine[]): Promise<void> {
  const byShop = new Map<string, bigint>();
  for (const l of lines) if (l.code === 'MERCHANT_PAYABLE' && l.shopId) byShop.set(l.shopId, (byShop.get(l.shopId) ?? 0n) - l.amount);
  for (const [shopId, owed] of byShop) {
    if (owed === 0n) continue;
    await tx.insert(settlementItems).values({
      id: newId(SETTLEMENT_ITEM_ID_PREFIX),
      shopId,
      orderId: entry.orderId,
      currency,
      kind: 'ADJUSTMENT',
      gross: 0n,
      refund: 0n,
      commission: 0n,
      adjustment: owed,
      net: owed,
      entryId: entry.id,
      occurredAt: entry.postedAt,
    });
  }
}
