/** Id prefixes of the risk center's rows: a misplaced id is refused before any SQL runs. */
export const RULE_ID_PREFIX = 'rkr';
export const RULE_VERSION_ID_PREFIX = 'rkv';
export const ASSESSMENT_ID_PREFIX = 'rka';
export const BLOCKLIST_ENTRY_ID_PREFIX = 'rkb';
/** What assessments name, owned by other centers. */
export const MEMBER_ID_PREFIX = 'mbr';
export const ORDER_ID_PREFIX = 'ord';
