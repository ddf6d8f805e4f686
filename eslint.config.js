// Lint: the few rules that catch real bugs here (see README "Code style"). Formatting is
// prettier's job, not eslint's.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import prettierOff from 'eslint-config-prettier';

const root = path.dirname(fileURLToPath(import.meta.url));
const centers = fs
  .readdirSync(path.join(root, 'subgraphs'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && fs.existsSync(path.join(root, 'subgraphs', d.name, 'package.json')))
  .map((d) => d.name);

/** The files a center declares in its package.json `exports`: the only way in from outside. */
function declaredExports(center) {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'subgraphs', center, 'package.json'), 'utf8'));
  return Object.values(pkg.exports ?? {}).map((file) => path.relative('src', file));
}

const OUTSIDE = ['gateway', 'tests', 'scripts', 'bench', 'packages'];

const restrictedZones = [
  { target: 'packages', from: 'subgraphs', message: 'The kit serves the centers; it never imports one.' },
  ...centers.flatMap((center) => [
    // A center imports only the kit and itself.
    {
      target: `subgraphs/${center}/src`,
      from: 'subgraphs',
      except: [center],
      message: `A center imports only @zhongtai/kit and itself; reach another center through federation, a service call or an event.`,
    },
    {
      target: `subgraphs/${center}/src`,
      from: 'packages',
      except: ['kit'],
      message: 'A center imports only @zhongtai/kit and itself.',
    },
    {
      target: `subgraphs/${center}/src`,
      from: ['gateway', 'tests', 'scripts', 'bench'],
      message: 'A center imports only @zhongtai/kit and itself.',
    },
    // Nothing outside a center reaches into its src except through its declared exports.
    {
      target: [...OUTSIDE, ...centers.filter((c) => c !== center).map((c) => `subgraphs/${c}`)],
      from: `subgraphs/${center}/src`,
      except: declaredExports(center),
      message: `Import @zhongtai/${center} (its package.json "exports"), not its files.`,
    },
  ]),
];

const noPathIntoCenter = {
  patterns: [
    {
      regex: '^(\\.\\./)+(.*/)?subgraphs/[^/]+/src(/|$)',
      message: 'Import a center by its package name (@zhongtai/<center>), not by a path into its src.',
    },
  ],
};

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '.data/**', 'schema/**', 'bench/results/**', 'bench/tools/**'],
  },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: root },
    },
    plugins: { '@typescript-eslint': tseslint.plugin, 'import-x': importX },
    settings: {
      // import-x follows only .js by default: without these it sees no .ts import, so no cycle.
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [importX.createNodeResolver()],
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // A promise nobody awaits loses its error and its ordering: await it, or `void` it with a
      // comment saying why it is fire-and-forget.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      // An import or a variable nobody reads is left over from a change; arguments stay (a
      // resolver's or handler's signature is fixed by its caller).
      '@typescript-eslint/no-unused-vars': ['error', { args: 'none', caughtErrors: 'none', ignoreRestSiblings: true }],
      'import-x/no-restricted-paths': ['error', { zones: restrictedZones, basePath: root }],
      'no-restricted-imports': ['error', noPathIntoCenter],
    },
  },
  {
    // A center names no other center's package, and the kit names none (also caught when the
    // import does not resolve).
    files: ['subgraphs/*/src/**/*.ts', 'packages/*/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...noPathIntoCenter.patterns,
            {
              regex: '^@zhongtai/(?!kit(/|$))',
              message: 'A center imports only @zhongtai/kit and itself; reach another center through federation, a service call or an event.',
            },
          ],
        },
      ],
    },
  },
  {
    // Server code. It logs through the kit's logger (one JSON line, with center and requestId);
    // CLIs (scripts/, bench/) print to their user with console.
    // A wrong `!` here is a TypeError in production: say what happens when the value is missing.
    // The existing ones are baselined per file in eslint-suppressions.json (see README "Code
    // style"); tests, scripts and bench may use `!` (a wrong one fails the test or the CLI).
    files: ['subgraphs/*/src/**/*.ts', 'packages/*/src/**/*.ts', 'gateway/src/**/*.ts'],
    rules: {
      'no-console': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
    },
  },
  prettierOff,
);
