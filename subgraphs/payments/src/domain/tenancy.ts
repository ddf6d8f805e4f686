import { tenancy } from '@zhongtai/kit';
import { payments, refunds, shopPaymentMethods } from '../db/tables.ts';

/**
 * A payment is its customer's (who pays it); operators, analysts and centers read any. A merchant
 * never lists payments: it reaches one only by reference, through its shop's order (resolvers/scopes.ts).
 */
export const paymentTenancy = tenancy('payment', payments, { member: 'memberId', memberWrites: true });

/** A refund is its payment's customer's and the refunded order's shop's: both through other rows (resolvers/scopes.ts). */
export const refundTenancy = tenancy('refund', refunds, {});

/** A shop's accepted payment methods: its merchant (and operators) set them; anyone may read them (the customer chooses among them). */
export const shopPaymentMethodsTenancy = tenancy('shopPaymentMethods', shopPaymentMethods, { shop: 'shopId' });
