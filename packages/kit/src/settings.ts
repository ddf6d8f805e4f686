/**
 * Numbers and amounts read from the environment, one rule for every center: unset or empty gives
 * the default; a value that breaks the setting's rule throws, naming the setting, so a typo in a
 * deployment fails loudly instead of running on the default. Centers read their settings at call
 * time (tests and demos shorten timers), so the throw surfaces on the first request that reads it.
 */
export type NumberRule = 'positive' | 'non-negative' | 'positive-integer' | 'whole';

const RULES: Record<NumberRule, { accepts: (n: number) => boolean; says: string }> = {
  positive: { accepts: (n) => n > 0, says: 'a positive number' },
  'non-negative': { accepts: (n) => n >= 0, says: 'a number of at least 0' },
  'positive-integer': { accepts: (n) => Number.isInteger(n) && n > 0, says: 'a positive integer' },
  whole: { accepts: (n) => Number.isInteger(n) && n >= 0, says: 'a whole number (0 or more)' },
};

export function numberSetting(env: NodeJS.ProcessEnv, name: string, fallback: number, rule: NumberRule): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || !RULES[rule].accepts(n)) throw new Error(`${name} must be ${RULES[rule].says}, got ${JSON.stringify(raw)}`);
  return n;
}

/** A decimal amount with at most two decimals (the currencies we sell in), in minor units: "50000.00" -> 5000000n. */
export function amountSetting(env: NodeJS.ProcessEnv, name: string, fallback: bigint): bigint {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  if (!/^\d+(\.\d{1,2})?$/.test(raw.trim())) throw new Error(`${name} must be an amount like 50000.00, got ${JSON.stringify(raw)}`);
  const [whole = '0', fraction = ''] = raw.trim().split('.');
  return BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
}
