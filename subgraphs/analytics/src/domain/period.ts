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
