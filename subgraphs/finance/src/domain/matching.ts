import { CURRENCY_CODES, Problems, parseMoney, type CurrencyCode } from '@zhongtai/kit';
import { credit, debit, type PostingLine } from './journal.ts';

/**
 * 对账 as plain functions: reading a provider's statement file, matching it line by line against
 * our captures and refunds, and the adjusting entry an operator's resolution posts.
 */
export type MovementKind = 'CAPTURE' | 'REFUND';
export type Outcome = 'MATCHED' | 'MISSING_IN_OURS' | 'MISSING_IN_PROVIDER' | 'AMOUNT_MISMATCH';

export interface StatementLine {
  kind: MovementKind;
  /** Our id (payment or refund): the merchant reference the provider echoes. */
  reference: string;
  currency: CurrencyCode;
  amount: bigint;
}

export interface Match {
  outcome: Outcome;
  kind: MovementKind;
  reference: string;
  currency: CurrencyCode;
  ourAmount: bigint | null;
  providerAmount: bigint | null;
}

export const STATEMENT_HEADER = 'type,provider_reference,merchant_reference,amount,currency,occurred_at';

/** Reads the file; every bad line is reported (with its line number), none is guessed at. At most 100,000 lines. */
export function parseStatementCsv(text: string): { lines: StatementLine[]; problems: Problems } {
  const problems = new Problems();
  const rows = text.split(/\r?\n/).filter((r) => r.trim() !== '');
  if (rows[0]?.trim() !== STATEMENT_HEADER) problems.add(['input', 'csv'], 'INVALID', `The first line must be the header ${STATEMENT_HEADER}`);
  if (rows.length > 100_001) problems.add(['input', 'csv'], 'TOO_MANY', 'At most 100,000 lines');
  const lines: StatementLine[] = [];
  rows.slice(1, 100_001).forEach((row, i) => {
    const at = `line ${i + 2}`;
    const [kind, , reference, amount, currency] = row.split(',').map((c) => c.trim());
    if (kind !== 'CAPTURE' && kind !== 'REFUND') return void problems.add(['input', 'csv'], 'INVALID', `${at}: type is CAPTURE or REFUND`);
    if (!reference) return void problems.add(['input', 'csv'], 'INVALID', `${at}: no merchant reference`);
    if (!CURRENCY_CODES.includes(currency as CurrencyCode)) return void problems.add(['input', 'csv'], 'INVALID', `${at}: unknown currency ${currency}`);
    const minor = parseMoney({ amount: amount ?? '', currencyCode: currency as CurrencyCode }, problems, ['input', 'csv']);
    if (minor === undefined) return;
    lines.push({ kind, reference, currency: currency as CurrencyCode, amount: minor });
  });
  return { lines, problems };
}

/** Each reference once: on both sides with the same amount MATCHED, else which side lacks it, or the amounts differ. */
export function matchStatement(provider: readonly StatementLine[], ours: readonly StatementLine[]): Match[] {
  const key = (l: StatementLine) => `${l.kind}:${l.reference}`;
  const theirs = new Map(provider.map((l) => [key(l), l]));
  const mine = new Map(ours.map((l) => [key(l), l]));
  const matches: Match[] = [];
  for (const [k, p] of theirs) {
    const o = mine.get(k);
    const outcome: Outcome = !o ? 'MISSING_IN_OURS' : o.amount === p.amount && o.currency === p.currency ? 'MATCHED' : 'AMOUNT_MISMATCH';
    matches.push({ outcome, kind: p.kind, reference: p.reference, currency: p.currency, ourAmount: o?.amount ?? null, providerAmount: p.amount });
  }
  for (const [k, o] of mine)
    if (!theirs.has(k))
      matches.push({ outcome: 'MISSING_IN_PROVIDER', kind: o.kind, reference: o.reference, currency: o.currency, ourAmount: o.amount, providerAmount: null });
  return matches;
}

/**
 * The entry that makes our provider clearing say what the provider says, the difference booked
 * to reconciliation differences: a capture the provider has and we lack raises the clearing, a
 * refund it made that we lack lowers it, and so on. Nothing for a MATCHED line.
 */
export function adjustmentFor(match: Pick<Match, 'outcome' | 'kind' | 'ourAmount' | 'providerAmount'>): PostingLine[] {
  if (match.outcome === 'MATCHED') return [];
  // What the provider's record does to the clearing minus what ours did: captures add, refunds take.
  const effect = (amount: bigint | null) => (amount ?? 0n) * (match.kind === 'CAPTURE' ? 1n : -1n);
  const difference = effect(match.providerAmount) - effect(match.ourAmount);
  return difference >= 0n
    ? [debit('PROVIDER_CLEARING', difference), credit('RECONCILIATION_DIFFERENCES', difference)]
    : [debit('RECONCILIATION_DIFFERENCES', -difference), credit('PROVIDER_CLEARING', -difference)];
}
