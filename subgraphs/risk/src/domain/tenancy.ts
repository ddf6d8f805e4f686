import { tenancy } from '@zhongtai/kit';
import { assessments, blocklistEntries, riskRules } from '../db/tables.ts';

/**
 * Everything here is the platform's: operators configure the rules and read the verdicts; no shop
 * or member owns a row (a merchant asking is FORBIDDEN). Assessments and blocklists hold phones and
 * addresses, and the rules are what a fraudster would like to read: all kept from analysts too.
 */
export const riskRuleTenancy = tenancy('risk rule', riskRules, { private: true });
export const assessmentTenancy = tenancy('risk assessment', assessments, { private: true });
export const blocklistEntryTenancy = tenancy('blocklist entry', blocklistEntries, { private: true });
