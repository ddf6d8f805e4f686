import { ledgerAccountTenancy, payoutTenancy, statementTenancy } from '../domain/tenancy.ts';

/** The tenancy of each entity type this center resolves by reference. */
export const entityScopes = {
  LedgerAccount: ledgerAccountTenancy,
  SettlementStatement: statementTenancy,
  Payout: payoutTenancy,
};
