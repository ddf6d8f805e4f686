import { badUserInput } from '@zhongtai/kit';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** A year of days is what one question may span (the facts answer it without a rollup). */
const MAX_DAYS = 366;

/** A period of business days, YYYY-MM-DD, inclusive; BAD_USER_INPUT otherwise. */
export function checkPeriod(from: string, to: string): void {
  if (!DAY.test(from) || Number.isNaN(Date.parse(from))) throw badUserInput('from must be a day, YYYY-MM-DD', ['filter', 'from']);
  if (!DAY.test(to) || Number.isNaN(Date.parse(to))) throw badUserInput('to must be a day, YYYY-MM-DD', ['filter', 'to']);
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
  if (days < 0) throw badUserInput('to is before from', ['filter', 'to']);
  if (days >= MAX_DAYS) throw badUserInput(`a period spans at most ${MAX_DAYS} days`, ['filter', 'to']);
}

/** Business days are calendar dates: plain UTC date arithmetic on YYYY-MM-DD, no time zone involved. */
const isoDay = (d: Date) => d.toISOString().slice(0, 10);
export const addDays = (day: string, n: number) => isoDay(new Date(Date.parse(day) + n * 86_400_000));
/** The first day of the day's month (a month rollup's key). */
export const monthOf = (day: string) => `${day.slice(0, 7)}-01`;
const monthEnd = (day: string) => {
  const d = new Date(Date.parse(monthOf(day)));
  return isoDay(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)));
};

/**
 * A period cut into the whole months inside it (first days of the first and last, or null) and the
 * days left at its ends: the months read a month rollup, the days a day rollup.
 */
export function splitByMonths(from: string, to: string): { months: { from: string; to: string } | null; days: { from: string; to: string }[] } {
  const first = from === monthOf(from) ? from : addDays(monthEnd(from), 1);
  const lastEnd = to === monthEnd(to) ? to : addDays(monthOf(to), -1);
  if (first > lastEnd) return { months: null, days: [{ from, to }] };
  const days = [];
  if (from < first) days.push({ from, to: addDays(first, -1) });
  if (to > lastEnd) days.push({ from: addDays(lastEnd, 1), to });
  return { months: { from: first, to: monthOf(lastEnd) }, days };
}

/** The widest whole months around a period (what a month rollup is compared over). */
export const wholeMonthsAround = (from: string, to: string) => ({ from: monthOf(from), to: monthEnd(to) });
