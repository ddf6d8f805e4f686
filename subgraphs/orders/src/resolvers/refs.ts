import { toMoney, type CurrencyCode } from '@zhongtai/kit';

export const money = (amount: bigint | string, currency: string) => toMoney(BigInt(amount), currency as CurrencyCode);
