/**
 * How much data each `--scale` loads. `small` is the demo seed of every center (the default);
 * the others add generated shops, products, members and orders on top of it.
 */
export interface Scale {
  name: 'tiny' | 'medium' | 'large';
  shops: number;
  spus: number;
  members: number;
  orders: number;
  /** Shops with a warehouse of their own (the biggest ones); the rest ship from the platform's. */
  ownWarehouses: number;
}

export const SCALES: Record<Scale['name'], Scale> = {
  tiny: { name: 'tiny', shops: 3, spus: 50, members: 200, orders: 1_000, ownWarehouses: 1 },
  medium: { name: 'medium', shops: 10, spus: 1_000, members: 10_000, orders: 50_000, ownWarehouses: 3 },
  large: { name: 'large', shops: 200, spus: 20_000, members: 200_000, orders: 1_000_000, ownWarehouses: 10 },
};

export const SCALE_NAMES = ['small', ...Object.keys(SCALES)] as const;

export function scaleNamed(name: string): Scale | 'small' {
  if (name === 'small') return 'small';
  const scale = SCALES[name as Scale['name']];
  if (!scale) throw new Error(`unknown --scale ${name}: one of ${SCALE_NAMES.join(', ')}`);
  return scale;
}
