import { and, asc, eq, inArray, lte, sql, type SQL } from 'drizzle-orm';
import {
  CURRENCY_CODES,
  badUserInput,
  isId,
  listTable,
  loadScoped,
  rowById,
  scopedWhere,
  visibleOrNull,
  type ConnectionArgs,
  type CurrencyCode,
  type RequestContext,
} from '@zhongtai/kit';
import { journalEntries, ledgerAccounts, postings, type AccountCode, type JournalEntryRow, type LedgerAccountRow, type PostingRow } from '../db/tables.ts';
import { CHART } from './accounts.ts';
import { JOURNAL_ENTRY_ID_PREFIX, LEDGER_ACCOUNT_ID_PREFIX, SHOP_ID_PREFIX } from './ids.ts';
import { journalEntryTenancy, ledgerAccountTenancy, postingTenancy } from './tenancy.ts';

/** Reading the books: balances are sums of postings, always (no stored balance to drift). */

export function loadAccount(ctx: RequestContext, id: string): Promise<LedgerAccountRow | null> {
  return rowById(ctx, 'finance.ledger_accounts', ledgerAccounts, LEDGER_ACCOUNT_ID_PREFIX, id);
}

export function findAccount(ctx: RequestContext, id: string): Promise<LedgerAccountRow | null> {
  return loadScoped(ctx, ledgerAccountTenancy, loadAccount(ctx, id), 'read');
}

export function listAccounts(
  ctx: RequestContext,
  args: ConnectionArgs,
  filter: { code?: AccountCode | null; shopId?: string | null; currencyCode?: CurrencyCode | null } = {},
) {
  const where: (SQL | undefined)[] = [scopedWhere(ctx, ledgerAccountTenancy, { shopId: filter.shopId })];
  if (filter.code) where.push(eq(ledgerAccounts.code, filter.code));
  if (filter.currencyCode) where.push(eq(ledgerAccounts.currency, filter.currencyCode));
  return listTable(ctx.db, ledgerAccounts, args, { where: and(...where), sort: { column: ledgerAccounts.createdAt, direction: 'ASC' } });
}

/** An account's balance (debits positive) at `at` (default: now), batched over a page of accounts. */
export function accountBalance(ctx: RequestContext, account: LedgerAccountRow, at?: Date | null): Promise<bigint> {
  const until = at ?? ctx.now();
  return ctx.loaders
    .get<string, bigint>(`finance.balance:${until.toISOString()}`, async (ids) => {
      const rows = await ctx.db
        .select({ accountId: postings.accountId, balance: sql<string>`sum(${postings.amount})` })
        .from(postings)
        .where(and(inArray(postings.accountId, [...ids]), lte(postings.postedAt, until)))
        .groupBy(postings.accountId);
      const sums = new Map(rows.map((r) => [r.accountId, BigInt(r.balance)]));
      return ids.map((id) => sums.get(id) ?? 0n);
    })
    .load(account.id);
}

/** An account's postings, oldest first (a connection). */
export function accountPostings(ctx: RequestContext, account: LedgerAccountRow, args: ConnectionArgs) {
  return listTable(ctx.db, postings, args, {
    where: and(eq(postings.accountId, account.id), scopedWhere(ctx, postingTenancy)),
    sort: { column: postings.postedAt, direction: 'ASC' },
  });
}

/** One account's line of the trial balance. */
export interface TrialBalanceLineRow {
  account: LedgerAccountRow;
  debit: bigint;
  credit: bigint;
  balance: bigint;
}

/** The trial balance (the codegen's mapper reads `<Type>Row`: this is the whole TrialBalance). */
export interface TrialBalanceRow {
  at: Date;
  currencyCode: CurrencyCode;
  rows: TrialBalanceLineRow[];
  totalDebit: bigint;
  totalCredit: bigint;
  balanced: boolean;
}

/** 试算平衡表 at a moment, in one currency: each account's debits, credits and balance; the totals agree when the books balance. */
export async function trialBalance(ctx: RequestContext, input: { at?: Date | null; currencyCode: CurrencyCode }): Promise<TrialBalanceRow> {
  if (!CURRENCY_CODES.includes(input.currencyCode)) throw badUserInput('Unknown currency', ['currencyCode']);
  scopedWhere(ctx, journalEntryTenancy);
  const at = input.at ?? ctx.now();
  const rows = await ctx.db
    .select({
      account: ledgerAccounts,
      debit: sql<string>`coalesce(sum(${postings.amount}) filter (where ${postings.amount} > 0), 0)`,
      credit: sql<string>`coalesce(-sum(${postings.amount}) filter (where ${postings.amount} < 0), 0)`,
    })
    .from(postings)
    .innerJoin(ledgerAccounts, eq(ledgerAccounts.id, postings.accountId))
    .where(and(eq(postings.currency, input.currencyCode), lte(postings.postedAt, at)))
    .groupBy(ledgerAccounts.id)
    .orderBy(asc(ledgerAccounts.code), asc(ledgerAccounts.shopId));
  const lines: TrialBalanceLineRow[] = rows.map((r) => ({
    account: r.account,
    debit: BigInt(r.debit),
    credit: BigInt(r.credit),
    balance: BigInt(r.debit) - BigInt(r.credit),
  }));
  const totalDebit = lines.reduce((s, l) => s + l.debit, 0n);
  const totalCredit = lines.reduce((s, l) => s + l.credit, 0n);
  return { at, currencyCode: input.currencyCode, rows: lines, totalDebit, totalCredit, balanced: totalDebit === totalCredit };
}

/** 应付商家: what the platform owes the shop now (its payable's credit balance), for its staff, operators and analysts. */
export async function shopPayable(ctx: RequestContext, shopId: string, currencyCode: CurrencyCode): Promise<bigint> {
  if (!isId(SHOP_ID_PREFIX, shopId)) throw badUserInput('Not a shop id', ['shopId']);
  const scope = scopedWhere(ctx, ledgerAccountTenancy, { shopId });
  const [row] = await ctx.db
    .select({ balance: sql<string>`coalesce(sum(${postings.amount}), 0)` })
    .from(postings)
    .innerJoin(ledgerAccounts, eq(ledgerAccounts.id, postings.accountId))
    .where(and(scope, eq(ledgerAccounts.shopId, shopId), eq(ledgerAccounts.code, 'MERCHANT_PAYABLE'), eq(ledgerAccounts.currency, currencyCode)));
  return -BigInt(row?.balance ?? '0');
}

export function loadEntry(ctx: RequestContext, id: string): Promise<JournalEntryRow | null> {
  return rowById(ctx, 'finance.journal_entries', journalEntries, JOURNAL_ENTRY_ID_PREFIX, id);
}

export function findEntry(ctx: RequestContext, id: string): Promise<JournalEntryRow | null> {
  return loadScoped(ctx, journalEntryTenancy, loadEntry(ctx, id), 'read');
}

/** An entry reached from a posting or a statement line: shown to the platform's readers, hidden (null) from a merchant. */
export async function entryIfVisible(ctx: RequestContext, id: string): Promise<JournalEntryRow | null> {
  return visibleOrNull(ctx, journalEntryTenancy, await loadEntry(ctx, id), 'read');
}

/** An entry's postings, batched over entries. */
export function entryPostings(ctx: RequestContext, entryId: string): Promise<PostingRow[]> {
  return ctx.loaders
    .groupedBy<PostingRow>(
      'finance.postings.byEntry',
      (p) => p.entryId,
      (ids) => ctx.db.select().from(postings).where(inArray(postings.entryId, ids)),
    )
    .load(entryId);
}

export const accountName = (row: LedgerAccountRow): string => CHART[row.code].name;
export const accountType = (row: LedgerAccountRow) => CHART[row.code].type;
