/**
 * The business day: reports count a sale on the calendar day of the business's own time zone
 * (BUSINESS_TIME_ZONE, Asia/Shanghai unless set), not UTC's: an order paid at 23:30 in Shanghai
 * (15:30 UTC) is that Shanghai day's sale. Read at call time like every setting.
 */
export const DEFAULT_BUSINESS_TIME_ZONE = 'Asia/Shanghai';

export function businessTimeZone(env: NodeJS.ProcessEnv = process.env): string {
  const raw = env.BUSINESS_TIME_ZONE?.trim();
  if (!raw) return DEFAULT_BUSINESS_TIME_ZONE;
  try {
    new Intl.DateTimeFormat('en-CA', { timeZone: raw });
  } catch {
    throw new Error(`BUSINESS_TIME_ZONE must be an IANA time zone such as Asia/Shanghai, got ${JSON.stringify(raw)}`);
  }
  return raw;
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** The business day (YYYY-MM-DD) an instant falls on in `timeZone`. */
export function businessDay(at: Date | string, timeZone: string = businessTimeZone()): string {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formats.set(timeZone, format);
  }
  return format.format(typeof at === 'string' ? new Date(at) : at);
}
