import { toMoney, type CurrencyCode, type Money } from '@zhongtai/kit';

/** Helpers several type files share. */
export const shopRef = (shopId: string | null | undefined) => (shopId ? { __typename: 'Shop' as const, id: shopId } : null);
export const orderRef = (orderId: string | null | undefined) => (orderId ? { __typename: 'Order' as const, id: orderId } : null);
export const money = (minor: bigint, currency: CurrencyCode): Money => toMoney(minor, currency);
