import { describe, expect, it } from 'vitest';
import { BoundedLabels, handleLabels } from '../src/index.ts';

describe('BoundedLabels (operation names on /metrics)', () => {
  it('keeps known names, admits others up to the limit, and folds the rest into other', () => {
    const labels = new BoundedLabels(new Set(['LowStock']), 2);
    expect(['A', 'B', 'C', 'A', 'LowStock', 'D', 'B'].map((n) => labels.label(n))).toEqual(['A', 'B', 'other', 'A', 'LowStock', 'other', 'B']);
  });

  it('never admits a value outside the pattern, and it takes no slot', () => {
    const labels = new BoundedLabels(new Set(), 1);
    expect(labels.label('x'.repeat(65))).toBe('other');
    expect(labels.label('has space')).toBe('other');
    expect(labels.label('ok_1')).toBe('ok_1');
  });
});

describe('handleLabels', () => {
  it('splits the kit handle names into center and source', () => {
    expect([handleLabels('orders'), handleLabels('orders:relay'), handleLabels('orders:work')]).toEqual([
      { center: 'orders', source: 'request' },
      { center: 'orders', source: 'relay' },
      { center: 'orders', source: 'work' },
    ]);
  });
});
