export * from './config.ts';
export * from './errors.ts';
export * from './document.ts';
export * from './cost.ts';
export * from './buckets.ts';
export * from './abort.ts';
export * from './size.ts';
export * from './guard.ts';
