import { describe, expect, it } from 'vitest';
import { movingAverageCost } from '../src/domain/prices/purchaseCost.ts';

describe('moving-average cost of a purchase delivery', () => {
  it('weighs the units on hand and the delivery, rounding half up', () => {
    expect(movingAverageCost(1000n, 10, 1300n, 10)).toBe(1150n);
    expect(movingAverageCost(1000n, 2, 1001n, 1)).toBe(1000n); // 3001 / 3 = 1000.33
    expect(movingAverageCost(1000n, 1, 1001n, 1)).toBe(1001n); // 1000.5 -> 1001
  });
  it('takes the delivery price with no cost or nothing on hand', () => {
    expect(movingAverageCost(null, 10, 700n, 5)).toBe(700n);
    expect(movingAverageCost(1000n, 0, 700n, 5)).toBe(700n);
  });
});
