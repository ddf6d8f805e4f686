import { loadConfig } from '@zhongtai/kit';
import { startAllInOne } from './app.ts';
import { devTokens } from './devTokens.ts';

/** `pnpm start`: the whole graph in one process, on PGlite unless DATABASE_URL is set. */
const config = loadConfig();
const started = Date.now();
const graph = await startAllInOne({ config });
const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : config.dataDir === 'memory' ? 'in-memory PGlite' : `PGlite in ${config.dataDir}/pglite`;
console.log(`zhongtai graph ready in ${((Date.now() - started) / 1000).toFixed(1)}s on ${where}`);
console.log(`  explorer and API: ${graph.url}`);
const origin = new URL(graph.url).origin;
console.log(`  health: ${origin}/health   readiness: ${origin}/ready   (HOST=${config.host})`);
const tokens = await devTokens(graph.tokens, config.production);
for (const [role, token] of Object.entries(tokens)) console.log(`  ${role.padEnd(8)} Authorization: Bearer ${token}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.log(`\n${signal}: stopping`);
    graph.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
