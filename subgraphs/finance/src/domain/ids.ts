/** Id prefixes of the finance center's rows: a misplaced id is refused before any SQL runs. */
export const LEDGER_ACCOUNT_ID_PREFIX = 'lac';
export const JOURNAL_ENTRY_ID_PREFIX = 'jen';
export const POSTING_ID_PREFIX = 'pos';
export const COMMISSION_RATE_ID_PREFIX = 'crt';
export const SETTLEMENT_ITEM_ID_PREFIX = 'sli';
export const STATEMENT_ID_PREFIX = 'sst';
export const PAYOUT_ID_PREFIX = 'pyo';
export const RECONCILIATION_RUN_ID_PREFIX = 'rcr';
export const RECONCILIATION_LINE_ID_PREFIX = 'rcl';
export const RECONCILIATION_DIFFERENCE_ID_PREFIX = 'rcd';
/** Other centers' ids finance refers to. */
export const SHOP_ID_PREFIX = 'shp';
export const CATEGORY_ID_PREFIX = 'cat';
