/**
 * Alipay amounts are yuan as decimal strings with at most two decimals (`total_amount=88.80`);
 * ours are fen in a bigint. Converted exactly, never through a float.
 */
export function yuanOf(minor: bigint): string {
  if (minor < 0n) throw new Error('negative amount');
  const fen = minor % 100n;
  return `${minor / 100n}.${fen.toString().padStart(2, '0')}`;
}

/** undefined when the text is not an amount Alipay would send. */
export function minorOf(yuan: string | undefined): bigint | undefined {
  const match = yuan === undefined ? null : /^(\d{1,15})(?:\.(\d{1,2}))?$/.exec(yuan);
  const [, whole, fraction = ''] = match ?? [];
  if (whole === undefined) return undefined;
  return BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
}
