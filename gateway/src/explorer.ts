import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * GraphiQL served from our own node_modules (graphiql 3's browser bundle on React 18 UMD): the
 * explorer works on a machine with no internet. Example tabs carry dev tokens per role outside
 * production, so a new user can run a query in their first minute.
 */
export interface ExplorerOptions {
  /** Role name -> bearer token for the example tabs; empty in production. */
  tokens: () => Promise<Record<string, string>>;
}

const require = createRequire(import.meta.url);
const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`));

const ASSETS: Record<string, { file: () => string; contentType: string }> = {
  'graphiql.min.js': { file: () => join(packageDir('graphiql'), 'graphiql.min.js'), contentType: 'text/javascript; charset=utf-8' },
  'graphiql.min.css': { file: () => join(packageDir('graphiql'), 'graphiql.min.css'), contentType: 'text/css; charset=utf-8' },
  'react.production.min.js': { file: () => join(packageDir('react'), 'umd/react.production.min.js'), contentType: 'text/javascript; charset=utf-8' },
  'react-dom.production.min.js': {
    file: () => join(packageDir('react-dom'), 'umd/react-dom.production.min.js'),
    contentType: 'text/javascript; charset=utf-8',
  },
};

const cache = new Map<string, Buffer>();

export function explorerAsset(name: string): { body: Buffer; contentType: string } | undefined {
  const asset = ASSETS[name];
  if (!asset) return undefined;
  let body = cache.get(name);
  if (!body) cache.set(name, (body = readFileSync(asset.file())));
  return { body, contentType: asset.contentType };
}

export const EXAMPLES: { role: string; title: string; query: string }[] = [
  {
    role: 'ADMIN',
    title: 'Admin: shops and their products',
    query: `# Operators see every shop. Products come from catalog, shops from shops: one query.
query AdminShops {
  shops(first: 10) {
    totalCount
    nodes {
      id
      name
      status
      contact { name phone }
      spus(first: 3, sort: { field: UPDATED_AT, direction: DESC }) {
        nodes { name status skus { code price { amount currencyCode } } }
      }
    }
  }
}`,
  },
  {
    role: 'MERCHANT',
    title: 'Merchant: my products',
    query: `# A merchant token sees only its own shop.
query MyProducts($after: String) {
  myShop { id name }
  spus(first: 20, after: $after, filter: { status: ON_SALE }) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      node {
        id
        name
        category { name }
        skus { id code salesAttributes { name value } price { amount currencyCode } shop { name } }
      }
    }
  }
}`,
  },
  {
    role: 'ADMIN',
    title: 'Admin: the audit log',
    query: `# Every mutation staff ran, in any center, newest first; input with personal data redacted.
# The dev ADMIN token is the seeded SUPER_ADMIN (permission audit:read); a shop OWNER sees their shop only.
query AuditLog($after: String) {
  auditEntries(first: 20, after: $after, filter: { result: OK }) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { at center operation staffId staffRole tokenRole shopId result codes input }
  }
}`,
  },
  {
    role: 'ANALYST',
    title: 'Analyst: SKUs by shop',
    query: `# Analysts read across shops; they cannot change anything.
query SkusByShop {
  skus(first: 50, sort: { field: CREATED_AT, direction: DESC }) {
    totalCount
    nodes { code price { amount currencyCode } spu { name status } shop { name status } }
  }
}`,
  },
];

export async function explorerPage(options: ExplorerOptions): Promise<string> {
  const tokens = await options.tokens();
  const tabs = EXAMPLES.map((e) => ({
    query: e.query,
    headers: JSON.stringify(tokens[e.role] ? { Authorization: `Bearer ${tokens[e.role]}` } : { Authorization: 'Bearer <token>' }, null, 2),
  }));
  // JSON inside <script>: escape "<" so no string can close the tag.
  const config = JSON.stringify({ tabs }).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8" />
<title>zhongtai · GraphQL explorer</title>
<meta name="viewport" content="width=device-width, initial-scale=1" />
<link rel="stylesheet" href="/explorer/graphiql.min.css" />
<style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
<div id="graphiql">Loading the explorer…</div>
<script src="/explorer/react.production.min.js"></script>
<script src="/explorer/react-dom.production.min.js"></script>
<script src="/explorer/graphiql.min.js"></script>
<script>
  const config = ${config};
  const fetcher = GraphiQL.createFetcher({ url: '/graphql' });
  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, {
      fetcher,
      defaultTabs: config.tabs,
      // The header editor starts from this prop, not from the first tab's headers.
      headers: config.tabs[0].headers,
      defaultEditorToolsVisibility: 'headers',
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: true,
    }),
  );
</script>
</body>
</html>`;
}
