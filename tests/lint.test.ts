import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * `pnpm test` runs the linter (`eslint .`, as `pnpm lint`) first and stops on a lint error. These
 * cases lint small fixture sources through the repository's own eslint.config.js in place of an
 * existing file (type-aware rules need a file of the TypeScript project; nothing is written to
 * disk), and assert that each rule that matters here reports.
 */
const IN_CENTER = 'subgraphs/catalog/src/domain/brands/brandCategories.ts';
const IN_TESTS = 'tests/lint.test.ts';
const IN_KIT = 'packages/kit/src/money.ts';
const root = fileURLToPath(new URL('..', import.meta.url));
let eslint: ESLint;

const FLOATING = [
  "import type { RequestContext } from '@zhongtai/kit';",
  "import { loadCategory } from '../categories/categories.ts';",
  'export function touch(ctx: RequestContext): void {',
  "  loadCategory(ctx, 'cat_1');",
  '}',
  '',
].join('\n');

async function rulesReported(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}${filePath}` });
  const fatal = result!.messages.filter((m) => m.fatal);
  expect(fatal, 'the fixture must parse').toEqual([]);
  return result!.messages.filter((m) => m.severity === 2).map((m) => m.ruleId!);
}

/** The eslint command itself on the floating-promise fixture, started at once: it runs beside the cases below. */
let cli: Promise<{ status: number | null; stdout: string }>;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
  const child = spawn(process.execPath, [`${root}node_modules/eslint/bin/eslint.js`, '--stdin', '--stdin-filename', `${root}${IN_CENTER}`], { cwd: root });
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stdin.end(FLOATING);
  cli = new Promise((resolve) => child.once('close', (status) => resolve({ status, stdout })));
});

// The first case pays for loading the TypeScript project (about 10 s alone, a minute on a busy machine).
describe('lint', { timeout: 180_000 }, () => {
  it('pnpm test checks the formatting and runs the linter before the tests', () => {
    const scripts = JSON.parse(readFileSync(`${root}package.json`, 'utf8')).scripts as Record<string, string>;
    expect(scripts.lint).toBe('eslint .');
    expect(scripts.test?.startsWith(`prettier --check . --log-level warn && ${scripts.lint} && `)).toBe(true);
  });

  it('reports a floating promise (type-aware: the promise comes from another module)', async () => {
    const code = FLOATING;
    expect(await rulesReported(IN_CENTER, code)).toEqual(['@typescript-eslint/no-floating-promises']);
    const voided = code.replace("  loadCategory(ctx, 'cat_1');", "  // Fire-and-forget: warms the loader.\n  void loadCategory(ctx, 'cat_1');");
    expect(await rulesReported(IN_CENTER, voided)).toEqual([]);
  });

  it('reports a center importing another center, by package or by path', async () => {
    const byPackage = "import { createShop } from '@zhongtai/shops/domain/shops';\nexport const f = createShop;\n";
    expect(new Set(await rulesReported(IN_CENTER, byPackage))).toEqual(new Set(['import-x/no-restricted-paths', 'no-restricted-imports']));
    const byPath = "import { orders } from '../../../../orders/src/db/tables.ts';\nexport const t = orders;\n";
    expect(new Set(await rulesReported(IN_CENTER, byPath))).toEqual(new Set(['import-x/no-restricted-paths']));
  });

  it('reports an import cycle', async () => {
    // brands.ts imports brandCategories.ts: this file importing brands.ts back closes a cycle.
    const code = "import { loadBrand } from './brands.ts';\nexport const f = loadBrand;\n";
    expect(await rulesReported(IN_CENTER, code)).toEqual(['import-x/no-cycle']);
  });

  it('reports a test reaching into a center past its declared exports', async () => {
    const code = "import { placeOrder } from '../subgraphs/orders/src/domain/placeOrder.ts';\nexport const f = placeOrder;\n";
    expect((await rulesReported(IN_TESTS, code)).sort()).toEqual(['import-x/no-restricted-paths', 'no-restricted-imports']);
    const declared = "import { placeOrder } from '@zhongtai/orders';\nexport const f = placeOrder;\n";
    expect(await rulesReported(IN_TESTS, declared)).toEqual([]);
  });

  it('reports a new non-null assertion and console in server code (the kit)', async () => {
    const code = 'export function first(xs: string[]): string {\n  console.log(xs);\n  return xs[0]!;\n}\n';
    expect((await rulesReported(IN_KIT, code)).sort()).toEqual(['@typescript-eslint/no-non-null-assertion', 'no-console']);
  });

  it('the eslint command exits non-zero on such a file', async () => {
    const { status, stdout } = await cli;
    expect(stdout).toContain('no-floating-promises');
    expect(status).toBe(1);
  });
});
