import { CURRENCY_EXPONENT, Problems, optionalText, requiredText, type CurrencyCode } from '@zhongtai/kit';
import type { ShopStatus } from '../db/tables.ts';

/** The status changes a shop may go through; CLOSED is final. */
export const SHOP_TRANSITIONS: Record<ShopStatus, readonly ShopStatus[]> = {
  ACTIVE: ['SUSPENDED', 'CLOSED'],
  SUSPENDED: ['ACTIVE', 'CLOSED'],
  CLOSED: [],
};

export function canTransition(from: ShopStatus, to: ShopStatus): boolean {
  return SHOP_TRANSITIONS[from].includes(to);
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9][0-9 -]{4,28}$/;

export interface ContactInput {
  name: string;
  phone?: string | null;
  email?: string | null;
}

export interface Contact {
  contactName: string;
  contactPhone: string | null;
  contactEmail: string | null;
}

export function validateContact(problems: Problems, input: ContactInput, field: string[]): Contact | undefined {
  const contactName = requiredText(problems, input.name, [...field, 'name'], 'Contact name', 100);
  const contactPhone = optionalText(problems, input.phone, [...field, 'phone'], 'Phone', 30);
  const contactEmail = optionalText(problems, input.email, [...field, 'email'], 'Email', 200);
  if (contactPhone) problems.check(PHONE.test(contactPhone), [...field, 'phone'], 'INVALID', 'Phone must be digits, optionally with + and spaces');
  if (contactEmail) problems.check(EMAIL.test(contactEmail), [...field, 'email'], 'INVALID', 'Email is not a valid address');
  return contactName ? { contactName, contactPhone, contactEmail } : undefined;
}

export function validateEmail(problems: Problems, value: string, field: string[]): string | undefined {
  const email = requiredText(problems, value, field, 'Email', 200)?.toLowerCase();
  if (email && problems.check(EMAIL.test(email), field, 'INVALID', 'Email is not a valid address')) return email;
  return undefined;
}

export function isCurrency(code: string): code is CurrencyCode {
  return code in CURRENCY_EXPONENT;
}
