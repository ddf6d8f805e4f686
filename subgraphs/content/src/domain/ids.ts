/** Id prefixes of the content center's rows: a misplaced id is refused before any SQL runs. */
export const PAGE_ID_PREFIX = 'cpg';
export const PAGE_VERSION_ID_PREFIX = 'cpv';
export const PAGE_RELEASE_ID_PREFIX = 'cpr';
export const CONTENT_ITEM_ID_PREFIX = 'cit';
export const BANNER_PROPOSAL_ID_PREFIX = 'bnp';
/** What pages link to, owned by other centers. */
export const SPU_ID_PREFIX = 'spu';
export const CATEGORY_ID_PREFIX = 'cat';
export const CAMPAIGN_ID_PREFIX = 'cmp';
export const COUPON_TEMPLATE_ID_PREFIX = 'cpt';
export const MEMBER_ID_PREFIX = 'mbr';
export const MEMBER_LEVEL_ID_PREFIX = 'lvl';
