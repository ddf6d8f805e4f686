/**
 * The attacks of issue 12 against all-in-one (`gateway/src/main.ts` in a child process), as a
 * CUSTOMER: how long until the refusal, and the process's RSS before and after each one.
 *
 *   npx tsx bench/src/attacks.ts            # PGlite in memory, or DATABASE_URL's PostgreSQL
 *   npx tsx bench/src/attacks.ts --repeat 20
 *
 * Prints a markdown table (pasted into bench/README.md, "Attacks").
 */
import { loadConfig, TokenService } from '@zhongtai/kit';
import { startAllInOne } from './processes.ts';

const repeat = Number(process.argv[process.argv.indexOf('--repeat') + 1]) || 10;
if (!process.env.DATABASE_URL) process.env.DATA_DIR = 'memory';

const served = await startAllInOne(process.env.DATABASE_URL, { offset: 21_000 });
try {
  const tokens = new TokenService(loadConfig().jwtSecret);
  const customer = await tokens.sign({ role: 'CUSTOMER', memberId: 'mbr_01HK153X000000000000000001', subject: 'bench:attacker' });
  const post = async (query: string) => {
    const started = performance.now();
    const response = await fetch(served.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${customer}` },
      body: JSON.stringify({ query }),
    });
    const body = (await response.json()) as { errors?: { message: string; extensions?: { code?: string } }[]; data?: unknown };
    return { ms: performance.now() - started, status: response.status, body };
  };
  const rss = async () => {
    const text = await (await fetch(served.metricsUrls[0]!)).text();
    return Number(/^process_resident_memory_bytes (\d+)/m.exec(text)?.[1] ?? NaN);
  };

  const spu = ((await post('{ products(first: 1) { nodes { id } } }')).body.data as { products: { nodes: { id: string }[] } }).products.nodes[0]!.id;
  let inner = 'id';
  for (let i = 0; i < 10; i++) inner = `skus { spu { ${inner} } }`;
  const attacks: [string, string][] = [
    ['20-level product { skus { spu { skus … } } }', `{ product(id: "${spu}") { ${inner} } }`],
    ['1,000 aliases of products(first: 100)', `{ ${Array.from({ length: 1000 }, (_, i) => `p${i}: products(first: 100) { nodes { id name } }`).join(' ')} }`],
    ['10,000 aliases of __typename', `{ ${Array.from({ length: 10_000 }, (_, i) => `t${i}: __typename`).join(' ')} }`],
    ['products(first: 100) × 5 × 5 nested lists (cost)', '{ products(first: 100) { nodes { skus { spu { skus { spu { id } } } } } } }'],
    ['(legitimate) a product page, S4-like', `{ product(id: "${spu}") { id name skus { id code price { amount } stock { inStock } } } }`],
  ];

  const rows: string[] = [];
  for (const [name, query] of attacks) {
    const before = await rss();
    const times: number[] = [];
    let last: Awaited<ReturnType<typeof post>> | undefined;
    for (let i = 0; i < repeat; i++) {
      last = await post(query);
      times.push(last.ms);
    }
    const after = await rss();
    times.sort((a, b) => a - b);
    const error = last!.body.errors?.[0];
    const answer = error ? `${last!.status} ${error.extensions?.code}: ${error.message}` : `${last!.status} data`;
    rows.push(
      `| ${name} | ${(Buffer.byteLength(query) / 1024).toFixed(1)} KiB | ${times[Math.floor(times.length / 2)]!.toFixed(1)} ms | ${times.at(-1)!.toFixed(1)} ms | ${mb(before)} → ${mb(after)} | ${answer.replace(/\|/g, '\\|')} |`,
    );
  }
  console.log(`\n${repeat} requests each, CUSTOMER token, ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite in memory'}, Node ${process.version}\n`);
  console.log('| query | size | median | max | RSS before → after | answer |');
  console.log('|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
} finally {
  await served.stop();
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}
