import { describe, expect, it } from 'vitest';
import { allocate } from '../src/allocation.ts';

describe('allocate (largest remainder, minor units)', () => {
  it.each([
    { what: '10.00 off three lines of 3.33', total: 1000n, weights: [333n, 333n, 333n], shares: [334n, 333n, 333n] },
    { what: '0.01 over three equal lines goes to the first', total: 1n, weights: [100n, 100n, 100n], shares: [1n, 0n, 0n] },
    { what: 'the largest remainder wins, not the first line', total: 100n, weights: [1n, 2n, 4n], shares: [14n, 29n, 57n] },
    { what: 'a zero-weight line gets nothing', total: 500n, weights: [0n, 300n, 700n], shares: [0n, 150n, 350n] },
    { what: 'the whole amount over one line', total: 999n, weights: [999n], shares: [999n] },
    { what: 'nothing to allocate', total: 0n, weights: [5n, 7n], shares: [0n, 0n] },
    { what: '30 off 299.99 + 0.01', total: 3000n, weights: [29999n, 1n], shares: [3000n, 0n] },
  ])('$what', ({ total, weights, shares }) => {
    const result = allocate(total, weights);
    expect(result).toEqual(shares);
    expect(result.reduce((a, b) => a + b, 0n)).toBe(total);
  });

  it('sums exactly and never exceeds a line, for many awkward splits', () => {
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let run = 0; run < 500; run++) {
      const weights = Array.from({ length: 1 + rand(8) }, () => BigInt(rand(100_000)));
      const sum = weights.reduce((a, b) => a + b, 0n);
      if (sum === 0n) continue;
      const total = BigInt(rand(Number(sum) + 1));
      const shares = allocate(total, weights);
      expect(shares.reduce((a, b) => a + b, 0n)).toBe(total);
      shares.forEach((share, i) => expect(share <= weights[i]! && share >= 0n).toBe(true));
    }
  });

  it('refuses negative amounts and empty weights', () => {
    expect(() => allocate(-1n, [1n])).toThrow(RangeError);
    expect(() => allocate(1n, [0n, 0n])).toThrow(RangeError);
  });

  // Killed mutants (pnpm mutate): each refusal names its reason (a bare division by zero or a
  // share taken from a negative weight would otherwise pass), and nothing to give is no error.
  it('names why it refuses: a negative total, a negative weight, nothing to allocate over', () => {
    expect(() => allocate(-1n, [1n])).toThrow('allocate: total must not be negative');
    expect(() => allocate(5n, [10n, -1n])).toThrow('allocate: weights must not be negative');
    expect(() => allocate(0n, [10n, -1n])).toThrow('allocate: weights must not be negative');
    expect(() => allocate(1n, [0n, 0n])).toThrow('allocate: nothing to allocate over');
    expect(allocate(0n, [0n, 0n])).toEqual([0n, 0n]);
  });
});
