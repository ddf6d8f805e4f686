import { parseArgs } from 'node:util';
import { demoPlatformStaffId, loadConfig, TokenService } from '@zhongtai/kit';

/**
 * `pnpm analytics:rebuild` and `pnpm analytics:check --from 2026-11-01 --to 2026-11-30`: ask the
 * running graph (GATEWAY_URL, default http://127.0.0.1:$PORT/graphql) to rebuild the analytics
 * read model from the owning centers, following its progress until the new generation is ACTIVE,
 * or to check its rollups against its facts and its facts against the orders and refunds of a
 * period. The graph keeps serving meanwhile. The token is ANALYTICS_TOKEN, or an operator's
 * (the seeded SUPER_ADMIN) signed with this environment's JWT_SECRET.
 */
const command = process.argv[2];
const { values } = parseArgs({ args: process.argv.slice(3), options: { from: { type: 'string' }, to: { type: 'string' }, reason: { type: 'string' } } });
const config = loadConfig();
const url = process.env.GATEWAY_URL ?? `http://127.0.0.1:${config.port}/graphql`;
const token =
  process.env.ANALYTICS_TOKEN ??
  (await new TokenService(config.jwtSecret, config.jwtMaxLifetimeSeconds).sign({
    role: 'ADMIN',
    staffId: demoPlatformStaffId('SUPER_ADMIN'),
    subject: 'cli:analytics',
    expiresIn: '1h',
  }));

async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: unknown[] };
  if (body.errors?.length || !body.data) throw new Error(JSON.stringify(body.errors ?? body));
  return body.data;
}

type Rebuild = { id: number; status: string; ordersReplayed: number; refundsReplayed: number; error: string | null };
const REBUILD_FIELDS = 'id status ordersReplayed refundsReplayed error';

if (command === 'rebuild') {
  const started = await gql<{ rebuildSalesFacts: { rebuild: Rebuild | null; userErrors: { message: string }[] } }>(
    `mutation($input: RebuildSalesFactsInput!) { rebuildSalesFacts(input: $input) { rebuild { ${REBUILD_FIELDS} } userErrors { message } } }`,
    { input: { reason: values.reason ?? 'pnpm analytics:rebuild' } },
  );
  const rebuild = started.rebuildSalesFacts.rebuild;
  if (!rebuild) throw new Error(started.rebuildSalesFacts.userErrors.map((e) => e.message).join('; '));
  console.error(`rebuild ${rebuild.id} started`);
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const { salesFactsRebuild: now } = await gql<{ salesFactsRebuild: Rebuild }>(`query($id: Int) { salesFactsRebuild(id: $id) { ${REBUILD_FIELDS} } }`, {
      id: rebuild.id,
    });
    console.error(`rebuild ${now.id}: ${now.status}, ${now.ordersReplayed} orders, ${now.refundsReplayed} refunds replayed`);
    if (now.status === 'ACTIVE') break;
    if (now.status !== 'BUILDING') throw new Error(`rebuild ${now.id} ${now.status}: ${now.error ?? ''}`);
  }
} else if (command === 'check') {
  if (!values.from || !values.to) throw new Error('usage: pnpm analytics:check --from YYYY-MM-DD --to YYYY-MM-DD');
  const { salesFactsCheck } = await gql<{ salesFactsCheck: { ok: boolean; rollupDifferences: unknown[]; sourceDifferences: unknown[] } }>(
    `query($from: String!, $to: String!) { salesFactsCheck(from: $from, to: $to) { ok rollupDifferences { rollup key measure rollupValue factsValue } sourceDifferences { measure currencyCode facts { amount } owners { amount } } } }`,
    { from: values.from, to: values.to },
  );
  console.log(JSON.stringify(salesFactsCheck, null, 2));
  if (!salesFactsCheck.ok) process.exit(1);
} else {
  console.error('usage: pnpm analytics:rebuild | pnpm analytics:check --from YYYY-MM-DD --to YYYY-MM-DD');
  process.exit(2);
}
