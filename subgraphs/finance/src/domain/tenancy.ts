import { tenancy } from '@zhongtai/kit';
import {
  commissionRates,
  journalEntries,
  ledgerAccounts,
  payouts,
  postings,
  reconciliationRuns,
  settlementSchedules,
  settlementStatements,
} from '../db/tables.ts';

/**
 * Whose finance rows are whose. A shop's accounts (its payable), their postings, its statements
 * and payouts are the shop's; the platform's accounts (null shop) are the platform's alone, so a
 * merchant never reads commission revenue or the provider clearing. Analysts read everything and
 * change nothing; reconciliation and the journal are the platform's (no shop column: a merchant
 * is refused).
 */
export const ledgerAccountTenancy = tenancy('ledger account', ledgerAccounts, { shop: 'shopId', platform: 'private' });
export const postingTenancy = tenancy('posting', postings, { shop: 'shopId', platform: 'private' });
export const journalEntryTenancy = tenancy('journal entry', journalEntries, {});
export const statementTenancy = tenancy('settlement statement', settlementStatements, { shop: 'shopId' });
export const payoutTenancy = tenancy('payout', payouts, { shop: 'shopId' });
/** A shop reads its own rates and the category rates (the platform's, shared). */
export const commissionRateTenancy = tenancy('commission rate', commissionRates, { shop: 'shopId', platform: 'shared' });
export const reconciliationRunTenancy = tenancy('reconciliation run', reconciliationRuns, {});
export const scheduleTenancy = tenancy('settlement schedule', settlementSchedules, { shop: 'shopId' });
