/**
 * What an audit entry keeps of a mutation's input: everything but secrets and personal data,
 * recognised by key name at any depth. A key is redacted when, lower-cased and without `_`/`-`,
 * it is one of REDACTED_KEYS or ends with one of REDACTED_SUFFIXES (contactPhone, receiverName,
 * shippingAddress...). The whole value goes, objects included (an address is all personal).
 * A `name` goes too when it sits next to a way to reach a person (phone, email...): then the
 * object describes a person (a contact, a staff member), not a product or a shop.
 */
export const REDACTED_KEYS: readonly string[] = [
  'phone',
  'mobile',
  'tel',
  'telephone',
  'email',
  'address',
  'addresses',
  'receiver',
  'consignee',
  'contact',
  'realname',
  'fullname',
  'idcard',
  'idcardno',
  'idnumber',
  'identitycard',
  'passport',
  'password',
  'passwd',
  'token',
  'secret',
  'signature',
  'sign',
  'apikey',
  'authorization',
  'bankaccount',
  'cardnumber',
  'cvv',
  'province',
  'city',
  'district',
  'street',
  'zipcode',
  'postcode',
];
export const REDACTED_SUFFIXES: readonly string[] = [
  'phone',
  'mobile',
  'email',
  'address',
  'receiver',
  'receivername',
  'contactname',
  'realname',
  'idcard',
  'idnumber',
  'password',
  'token',
  'secret',
  'signature',
];
export const REDACTED = '[REDACTED]';
/** Keys that make their object a person's, so its `name` is personal too. */
const PERSON_MARKERS = ['phone', 'mobile', 'tel', 'email', 'idcard', 'idnumber'];

/** Beyond this many items an array keeps its head and says how many were left out. */
const MAX_ITEMS = 50;
const MAX_DEPTH = 10;

const normalise = (key: string) => key.toLowerCase().replace(/[_-]/g, '');

export function isRedactedKey(key: string): boolean {
  const k = normalise(key);
  return REDACTED_KEYS.includes(k) || REDACTED_SUFFIXES.some((s) => k.endsWith(s));
}

/**
 * Personal data typed into free text (a remark, a reason) has no telling key: mainland mobile
 * numbers, 18-character resident ID numbers and e-mail addresses are masked wherever they stand.
 */
const PERSONAL_PATTERNS: readonly RegExp[] = [/(?<!\d)1[3-9]\d{9}(?!\d)/g, /(?<![\dXx])\d{17}[\dXx](?![\dXx])/g, /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g];
/** Credentials pasted into text (an error echoing a header): bearer tokens and JWTs. */
const SECRET_PATTERNS: readonly RegExp[] = [/\bBearer\s+[\w.~+/=-]+/gi, /\beyJ[\w-]*\.[\w-]+\.[\w-]*/g];

const TEXT_PATTERNS = [...SECRET_PATTERNS, ...PERSONAL_PATTERNS];

export function redactText(text: string): string {
  return TEXT_PATTERNS.reduce((t, pattern) => t.replace(pattern, REDACTED), text);
}

export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[TOO DEEP]';
  if (Array.isArray(value)) {
    const head = value.slice(0, MAX_ITEMS).map((v) => redact(v, depth + 1));
    return value.length > MAX_ITEMS ? [...head, `[${value.length - MAX_ITEMS} more]`] : head;
  }
  if (value instanceof Date) return value.toISOString();
  const entries = Object.entries(value);
  const person = entries.some(([key]) => PERSON_MARKERS.some((m) => normalise(key).endsWith(m)));
  const out: Record<string, unknown> = {};
  for (const [key, v] of entries) out[key] = v == null ? v : isRedactedKey(key) || (person && normalise(key) === 'name') ? REDACTED : redact(v, depth + 1);
  return out;
}
