/**
 * Splits an amount in minor units across weights (e.g. a discount across the order lines it
 * covers, weighted by each line's amount) with the largest-remainder method: every share is the
 * floor of its exact proportion, and the units left over go one each to the largest fractional
 * remainders (earlier lines first on a tie). The shares always sum to `total` exactly, and when
 * `total` is at most the sum of the weights no share exceeds its weight, so a discount never
 * makes a line negative. Orders and refunds reuse it: a partial refund returns exactly what a
 * line was charged.
 */
export function allocate(total: bigint, weights: readonly bigint[]): bigint[] {
  if (total < 0n) throw new RangeError('allocate: total must not be negative');
  if (weights.some((w) => w < 0n)) throw new RangeError('allocate: weights must not be negative');
  if (total === 0n) return weights.map(() => 0n);
  const sum = weights.reduce((a, b) => a + b, 0n);
  if (sum === 0n) throw new RangeError('allocate: nothing to allocate over');
  const shares = weights.map((w) => (total * w) / sum);
  const remainders = weights.map((w, i) => ({ i, r: (total * w) % sum }));
  let left = total - shares.reduce((a, b) => a + b, 0n);
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of remainders) {
    if (left === 0n) break;
    shares[i]! += 1n;
    left -= 1n;
  }
  return shares;
}
