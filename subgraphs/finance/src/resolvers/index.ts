import type { Resolvers } from '../generated/resolvers.ts';
import { CommissionRate } from './CommissionRate.ts';
import { JournalEntry } from './JournalEntry.ts';
import { LedgerAccount } from './LedgerAccount.ts';
import { Mutation } from './Mutation.ts';
import { Payout } from './Payout.ts';
import { Posting } from './Posting.ts';
import { Query } from './Query.ts';
import { ReconciliationItem, ReconciliationRun } from './ReconciliationRun.ts';
import { SettlementSchedule } from './SettlementSchedule.ts';
import { SettlementLine, SettlementStatement } from './SettlementStatement.ts';
import { TrialBalance, TrialBalanceLine } from './TrialBalance.ts';

export const resolvers: Resolvers = {
  Query,
  Mutation,
  LedgerAccount,
  JournalEntry,
  Posting,
  TrialBalance,
  TrialBalanceLine,
  SettlementStatement,
  SettlementLine,
  SettlementSchedule,
  Payout,
  CommissionRate,
  ReconciliationRun,
  ReconciliationItem,
};
