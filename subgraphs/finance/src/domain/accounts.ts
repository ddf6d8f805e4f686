import type { AccountCode } from '../db/tables.ts';

/**
 * The chart of accounts (科目表). Debits are positive, credits negative; an asset or expense
 * normally has a debit (positive) balance, a liability or revenue a credit (negative) one.
 * Accounts marked `perShop` exist once per shop and currency, the others once per currency.
 *
 * FREIGHT and COUPON_SUBSIDY_SHOP are the shop's own and pass through to its payable in the entry
 * that moves them (a completion, a refund after it): their balance is zero after every entry, and
 * their postings are the per-order record of the freight the shop charged and the discounts it
 * funded (README, "Freight and the shop's own discounts").
 */
export const CHART: Record<AccountCode, { name: string; type: 'ASSET' | 'LIABILITY' | 'REVENUE' | 'EXPENSE'; perShop: boolean }> = {
  PROVIDER_CLEARING: { name: 'Payment provider clearing (money the provider holds for us)', type: 'ASSET', perShop: false },
  PLATFORM_CASH: { name: 'Platform cash (bank)', type: 'ASSET', perShop: false },
  CUSTOMER_ADVANCES: { name: 'Customer advances (paid orders not completed yet)', type: 'LIABILITY', perShop: false },
  DEPOSITS_HELD: { name: 'Presale deposits held (定金)', type: 'LIABILITY', perShop: false },
  MERCHANT_PAYABLE: { name: 'Payable to the merchant (应付商家)', type: 'LIABILITY', perShop: true },
  PAYOUTS_IN_TRANSIT: { name: 'Payouts sent, not confirmed by the payout provider', type: 'LIABILITY', perShop: false },
  COMMISSION_REVENUE: { name: 'Commission revenue (佣金收入)', type: 'REVENUE', perShop: false },
  REFUNDS_PAYABLE: { name: 'Refunds owed to customers (应退款), cleared when the provider returns the money', type: 'LIABILITY', perShop: false },
  POINTS_LIABILITY: { name: "Points liability (积分): the value of the members' outstanding points", type: 'LIABILITY', perShop: false },
  POINTS_REDEEMED: { name: 'Points redeemed on orders not completed yet (paid to the shop at completion)', type: 'LIABILITY', perShop: false },
  POINTS_EXPENSE: { name: 'Points granted (loyalty cost), less points expired or taken back', type: 'EXPENSE', perShop: false },
  COUPON_SUBSIDY_PLATFORM: { name: 'Coupon and promotion subsidy funded by the platform', type: 'EXPENSE', perShop: false },
  COUPON_SUBSIDY_SHOP: { name: 'Discounts funded by the shop (its coupons, promotions, flash sales), charged to its payable', type: 'EXPENSE', perShop: true },
  FREIGHT: { name: "Freight charged to the shop's customers (运费): the shop ships, so it is the shop's, through its payable", type: 'REVENUE', perShop: true },
  CONSIGNOR_PAYABLE: { name: "Owed to the shop's consignors (应付代销方) for their units sold, at the agreed prices", type: 'LIABILITY', perShop: true },
  CONSIGNMENT_COST: { name: 'Cost of consigned goods sold (代销成本): what the shop owes its consignors for them', type: 'EXPENSE', perShop: true },
  CUSTOMS_TAX_PAYABLE: {
    name: '跨境综合税 collected from cross-border customers, owed to customs (the platform withholds and pays it: 代扣代缴)',
    type: 'LIABILITY',
    perShop: false,
  },
  RECONCILIATION_DIFFERENCES: { name: 'Reconciliation differences resolved by an operator', type: 'EXPENSE', perShop: false },
};

export const isPerShop = (code: AccountCode): boolean => CHART[code].perShop;
