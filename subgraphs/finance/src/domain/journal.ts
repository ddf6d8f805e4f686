import { and, eq, isNull } from 'drizzle-orm';
import { newId, type CurrencyCode, type Db } from '@zhongtai/kit';
import { journalEntries, ledgerAccounts, postings, type AccountCode, type EntryKind, type JournalEntryRow } from '../db/tables.ts';
import { isPerShop } from './accounts.ts';
import { JOURNAL_ENTRY_ID_PREFIX, LEDGER_ACCOUNT_ID_PREFIX, POSTING_ID_PREFIX } from './ids.ts';
import { present } from './rows.ts';

/** One side of an entry: signed minor units, debit positive, credit negative. */
export interface PostingLine {
  code: AccountCode;
  shopId?: string | null;
  amount: bigint;
  orderId?: string | null;
}

export interface EntryDraft {
  /** What caused it, unique: a cause posted again posts nothing. */
  sourceKey: string;
  eventId?: string | null;
  kind: EntryKind;
  memo: string;
  currency: CurrencyCode;
  orderId?: string | null;
  shopId?: string | null;
  reversesEntryId?: string | null;
  reason?: string | null;
  actor: string;
  postedAt: Date;
  postings: PostingLine[];
}

export const debit = (code: AccountCode, amount: bigint, extra: Omit<PostingLine, 'code' | 'amount'> = {}): PostingLine => ({ code, amount, ...extra });
export const credit = (code: AccountCode, amount: bigint, extra: Omit<PostingLine, 'code' | 'amount'> = {}): PostingLine => ({
  code,
  amount: -amount,
  ...extra,
});

/**
 * Why these postings cannot be an entry, or null: zero lines are dropped first (a rule may have
 * no subsidy to post), then at least two must remain and they must add up to zero. Shop accounts
 * need their shop; the platform's must not name one.
 */
export function entryProblem(lines: PostingLine[]): string | null {
  const moving = lines.filter((l) => l.amount !== 0n);
  if (moving.length < 2) return 'an entry needs at least two non-zero postings';
  const sum = moving.reduce((s, l) => s + l.amount, 0n);
  if (sum !== 0n) return `debits and credits differ by ${sum} minor units`;
  const misplaced = moving.find((l) => isPerShop(l.code) !== Boolean(l.shopId));
  if (misplaced) return `${misplaced.code} ${isPerShop(misplaced.code) ? 'needs' : 'takes no'} shop`;
  return null;
}

/**
 * Posts an entry in `tx`, or nothing when its source was posted already (returns null then).
 * An entry whose every line is zero posts nothing either. The database checks the balance again
 * at commit (a deferred constraint trigger) and refuses any later change to the rows.
 */
export async function postEntry(tx: Db, draft: EntryDraft): Promise<JournalEntryRow | null> {
  const lines = draft.postings.filter((l) => l.amount !== 0n);
  if (!lines.length) return null;
  const problem = entryProblem(lines);
  if (problem) throw new Error(`unbalanced journal entry ${draft.sourceKey}: ${problem}`);
  const [entry] = await tx
    .insert(journalEntries)
    .values({
      id: newId(JOURNAL_ENTRY_ID_PREFIX),
      sourceKey: draft.sourceKey,
      eventId: draft.eventId ?? null,
      kind: draft.kind,
      memo: draft.memo,
      orderId: draft.orderId ?? null,
      shopId: draft.shopId ?? null,
      reversesEntryId: draft.reversesEntryId ?? null,
      reason: draft.reason ?? null,
      actor: draft.actor,
      postedAt: draft.postedAt,
    })
    .onConflictDoNothing({ target: journalEntries.sourceKey })
    .returning();
  if (!entry) return null;
  const rows = [];
  for (const line of lines) {
    const accountId = await accountFor(tx, line.code, line.shopId ?? null, draft.currency);
    rows.push({
      id: newId(POSTING_ID_PREFIX),
      entryId: entry.id,
      accountId,
      code: line.code,
      shopId: line.shopId ?? null,
      currency: draft.currency,
      amount: line.amount,
      orderId: line.orderId ?? draft.orderId ?? null,
      postedAt: draft.postedAt,
    });
  }
  await tx.insert(postings).values(rows);
  return entry;
}

/** The account of the chart for this shop (or the platform) and currency, opened on first use. */
export async function accountFor(tx: Db, code: AccountCode, shopId: string | null, currency: CurrencyCode): Promise<string> {
  const where = and(
    eq(ledgerAccounts.code, code),
    shopId ? eq(ledgerAccounts.shopId, shopId) : isNull(ledgerAccounts.shopId),
    eq(ledgerAccounts.currency, currency),
  );
  const [found] = await tx.select({ id: ledgerAccounts.id }).from(ledgerAccounts).where(where);
  if (found) return found.id;
  await tx
    .insert(ledgerAccounts)
    .values({ id: newId(LEDGER_ACCOUNT_ID_PREFIX), code, shopId, currency })
    .onConflictDoNothing();
  const [opened] = await tx.select({ id: ledgerAccounts.id }).from(ledgerAccounts).where(where);
  return present(opened, `account ${code}`).id;
}
