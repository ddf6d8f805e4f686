import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { RemoteGraphQLDataSource, type GraphQLDataSource } from '@apollo/gateway';
import { loadConfig, TokenService } from '@zhongtai/kit';
import { TimedRemoteDataSource } from '../src/dataSources.ts';

/**
 * The gateway's hop to a center, alone (not a test): the same subgraph request sent N times at
 * C concurrent by (A) @apollo/gateway's RemoteGraphQLDataSource over fetch, as the gateway did
 * before Round 2, and (B) our TimedRemoteDataSource over a keep-alive node:http pool. The center
 * runs in a child process (the shops center on in-memory PGlite), so the CPU measured here is the
 * gateway side's only: what each way costs the gateway process per subgraph call.
 *
 *   NODE_ENV=development npx tsx gateway/bench/hop.ts [--requests 4000] [--concurrency 16] [--rounds 3]
 */
const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '4000' },
    concurrency: { type: 'string', default: '16' },
    rounds: { type: 'string', default: '3' },
    port: { type: 'string', default: '23199' },
  },
});
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const url = `http://127.0.0.1:${values.port}/graphql`;
const center = spawn(process.execPath, ['--import', 'tsx', 'gateway/src/subgraphServer.ts', 'shops'], {
  cwd: ROOT,
  env: { ...process.env, DATA_DIR: 'memory', PORT: values.port, DATABASE_URL: '', LOG_LEVEL: 'warn' },
  stdio: ['ignore', 'ignore', 'inherit'],
});
try {
  for (let ready = false; !ready;) {
    await new Promise((r) => setTimeout(r, 500));
    ready = await fetch(url.replace('/graphql', '/ready')).then(
      (r) => r.ok,
      () => false,
    );
  }
  const token = await new TokenService(loadConfig().jwtSecret).sign({ role: 'ANALYST', subject: 'hop' });
  // An entity fetch as the gateway sends them (shape and size of a small one): two shops by key.
  const query = 'query Hop__shops__1($representations: [_Any!]!) { _entities(representations: $representations) { ... on Shop { __typename id } } }';
  const variables = {
    representations: [
      { __typename: 'Shop', id: 'shp_01HK153X000000000000000001' },
      { __typename: 'Shop', id: 'shp_01HK153X000000000000000002' },
    ],
  };
  const legacy = new RemoteGraphQLDataSource({
    url,
    fetcher: ((input: string, init?: RequestInit) => fetch(input, { ...init, signal: AbortSignal.timeout(10_000) })) as never,
  });
  const sources: [string, GraphQLDataSource][] = [
    ['A RemoteGraphQLDataSource + fetch', legacy],
    ['B TimedRemoteDataSource + node:http keep-alive', new TimedRemoteDataSource(url, 10_000) as never],
  ];
  const send = async (source: GraphQLDataSource) => {
    const headers = new Headers({ authorization: `Bearer ${token}` });
    const response = await source.process({
      kind: 'health check' as never,
      request: { query, variables, http: { method: 'POST', url, headers } as never },
      context: { authorization: `Bearer ${token}`, requestId: 'hop' },
    } as never);
    if (response.errors?.length) throw new Error(JSON.stringify(response.errors));
  };
  const run = async (source: GraphQLDataSource, n: number) => {
    let next = 0;
    const cpu = process.cpuUsage();
    const started = performance.now();
    await Promise.all(
      Array.from({ length: Number(values.concurrency) }, async () => {
        while (next++ < n) await send(source);
      }),
    );
    const used = process.cpuUsage(cpu);
    return { ms: performance.now() - started, cpuUsPerCall: (used.user + used.system) / n };
  };
  for (const [, source] of sources) await run(source, 500); // warm-up: JIT, sockets
  console.log(`| round | way | calls/s | gateway-side CPU µs per call |\n|---|---|---:|---:|`);
  for (let round = 1; round <= Number(values.rounds); round++) {
    for (const [name, source] of sources) {
      const n = Number(values.requests);
      const r = await run(source, n);
      console.log(`| ${round} | ${name} | ${((n / r.ms) * 1000).toFixed(0)} | ${r.cpuUsPerCall.toFixed(0)} |`);
    }
  }
} finally {
  center.kill('SIGTERM');
}
