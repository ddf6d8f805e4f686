export * from './app.ts';
export * from './centers.ts';
export * from './compose.ts';
export * from './cluster.ts';
export * from './devTokens.ts';
export * from './explorer.ts';
export * from './demoOrders.ts';
export * from './supervisor.ts';
