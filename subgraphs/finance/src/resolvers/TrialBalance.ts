import type { TrialBalanceLineRow, TrialBalanceRow } from '../domain/ledger.ts';
import type { TrialBalanceLineResolvers, TrialBalanceResolvers } from '../generated/resolvers.ts';
import { money } from './refs.ts';

export const TrialBalance: TrialBalanceResolvers = {
  totalDebit: (row: TrialBalanceRow) => money(row.totalDebit, row.currencyCode),
  totalCredit: (row: TrialBalanceRow) => money(row.totalCredit, row.currencyCode),
};

export const TrialBalanceLine: TrialBalanceLineResolvers = {
  debit: (row: TrialBalanceLineRow) => money(row.debit, row.account.currency),
  credit: (row: TrialBalanceLineRow) => money(row.credit, row.account.currency),
  balance: (row: TrialBalanceLineRow) => money(row.balance, row.account.currency),
};
