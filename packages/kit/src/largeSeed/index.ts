/**
 * The generated world of `pnpm seed --scale tiny|medium|large`: shops, products, members and
 * order plans decided from their numbers alone, and the ids the centers' rows share. Each center
 * turns it into rows of its own tables (`src/seed/large.ts`, a `Stage`); `scripts/seed` only runs
 * the stages in order, with progress and resumption. Not part of the kit's main entry: only the
 * seed loads it (`@zhongtai/kit/largeSeed`).
 */
export * from './calendar.ts';
export * from './ids.ts';
export * from './orderPlan.ts';
export * from './people.ts';
export * from './scales.ts';
export * from './shipping.ts';
export * from './stage.ts';
export * from './world.ts';
