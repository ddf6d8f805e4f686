import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { generateAll } from '../scripts/codegen.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('generated resolver types (scripts/codegen.ts)', () => {
  it('every committed subgraphs/*/src/generated/resolvers.ts is up to date (run `pnpm codegen`)', async () => {
    const files = await generateAll();
    expect(files.size).toBe(15);
    for (const [path, text] of files) {
      expect(readFileSync(path, 'utf8'), path.pathname).toBe(text);
    }
  });

  /**
   * `pnpm test` type-checks every resolver against its center's generated types: a resolver
   * whose return shape does not fit its field is a tsc error. Shown on a file the compiler sees
   * beside the real ones, typed like shops' resolvers.
   */
  describe('a resolver returning the wrong shape fails the type check', () => {
    const header = `import type { QueryResolvers, ShopStaffResolvers } from '../subgraphs/shops/src/generated/resolvers.ts';\n`;
    const fixtures = {
      right: `export const Query: QueryResolvers = { shopStandings: () => [{ id: 'shp_1', status: 'ACTIVE', currencyCode: 'CNY' }] };\n`,
      statusOutsideEnum: `export const Query: QueryResolvers = { shopStandings: () => [{ id: 'shp_1', status: 'OPEN', currencyCode: 'CNY' }] };\n`,
      partOfTheRow: `export const ShopStaff: ShopStaffResolvers = { shop: (staff) => ({ id: staff.shopId }) };\n`,
    };
    const { options } = ts.convertCompilerOptionsFromJson(JSON.parse(readFileSync(`${root}tsconfig.json`, 'utf8')).compilerOptions, root);
    const sources = new Map(
      Object.entries(fixtures).map(([name, body]) => {
        const path = `${root}tests/resolverShapeFixture_${name}.ts`;
        return [path, ts.createSourceFile(path, header + body, ts.ScriptTarget.ES2023, true)];
      }),
    );
    const host = ts.createCompilerHost(options);
    const getSourceFile = host.getSourceFile.bind(host);
    const fileExists = host.fileExists.bind(host);
    host.getSourceFile = (name, ...rest) => sources.get(name) ?? getSourceFile(name, ...rest);
    host.fileExists = (name) => sources.has(name) || fileExists(name);
    // One program for all fixtures (files the compiler sees beside the real ones): one type check.
    const program = ts.createProgram([...sources.keys()], options, host);
    const diagnostics = (name: keyof typeof fixtures): string[] => {
      const source = sources.get(`${root}tests/resolverShapeFixture_${name}.ts`);
      if (!source) throw new Error(`no fixture ${name}`);
      return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)].map(
        (d) => `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
      );
    };

    it('a right shape passes', () => {
      expect(diagnostics('right')).toEqual([]);
    });

    it('a status outside the enum is TS2322', () => {
      const errors = diagnostics('statusOutsideEnum');
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(/^TS2322: [\s\S]*'"OPEN"' is not assignable/);
    });

    it('a field resolver returning a part of the row it promises is TS2322', () => {
      const errors = diagnostics('partOfTheRow');
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(/^TS2322: [\s\S]*missing the following properties/);
    });
  });
});
