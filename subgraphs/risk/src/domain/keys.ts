import type { BlocklistKind } from '../db/tables.ts';

/**
 * Keys of counters, sightings and blocklist entries: normalised so that spelling variants of one
 * address or phone land on one key (case, spaces, punctuation of a phone).
 */
export interface RiskAddress {
  province: string;
  city: string;
  district: string;
  detail: string;
  phone: string;
}

const squash = (s: string) => s.normalize('NFKC').toLowerCase().replace(/\s+/g, '');

export function addressKey(a: Pick<RiskAddress, 'province' | 'city' | 'district' | 'detail'>): string {
  return [a.province, a.city, a.district, a.detail].map(squash).join('|').slice(0, 300);
}

export function phoneKey(phone: string): string {
  return phone.replace(/[^0-9]/g, '').slice(-11);
}

/** The key a blocklist entry of `kind` is stored and looked up under. */
export function blocklistKey(kind: BlocklistKind, value: string): string {
  switch (kind) {
    case 'PHONE':
      return phoneKey(value);
    case 'ADDRESS':
      return squash(value).slice(0, 300);
    default:
      return value.trim();
  }
}

/** The minute a counter bucket starts. */
export function bucketOf(at: Date): Date {
  return new Date(Math.floor(at.getTime() / 60_000) * 60_000);
}
