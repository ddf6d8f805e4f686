import { readdirSync } from 'node:fs';
import { parse, validate, type GraphQLSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildCenterSchema, type ServiceOperation } from '@zhongtai/kit';
import { centerNamed } from '@zhongtai/gateway';

/**
 * The kit's typed SERVICE client (packages/kit/src/services/*.ts) holds GraphQL documents for
 * other centers' internal APIs. Each is validated here against the schema of the center it
 * calls, so a field renamed or an argument changed there fails `pnpm test`, not a checkout.
 */
const servicesDir = new URL('../packages/kit/src/services/', import.meta.url);
const modules = readdirSync(servicesDir)
  .filter((f) => f.endsWith('.ts'))
  .sort();

const isOperation = (value: unknown): value is ServiceOperation<unknown, unknown> =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { center?: unknown }).center === 'string' &&
  typeof (value as { document?: unknown }).document === 'string';

const schemas = new Map<string, GraphQLSchema>();
function schemaOf(center: string): GraphQLSchema {
  let schema = schemas.get(center);
  if (!schema) schemas.set(center, (schema = buildCenterSchema(centerNamed(center))));
  return schema;
}

const documentErrors = (operation: ServiceOperation<unknown, unknown>): string[] =>
  validate(schemaOf(operation.center), parse(operation.document)).map((e) => e.message);

const operations: { name: string; operation: ServiceOperation<unknown, unknown> }[] = [];
for (const file of modules) {
  const exports: Record<string, unknown> = await import(new URL(file, servicesDir).href);
  for (const [name, value] of Object.entries(exports)) if (isOperation(value)) operations.push({ name: `${file}: ${name}`, operation: value });
}

describe('service documents (packages/kit/src/services)', () => {
  it('finds the operations of every service module', () => {
    expect(modules.length).toBeGreaterThanOrEqual(9);
    const filesWithOperations = new Set(operations.map((o) => o.name.split(':')[0]));
    expect([...filesWithOperations].sort()).toEqual(modules);
  });

  it.each(operations)('$name is valid against its center', ({ operation }) => {
    expect(documentErrors(operation)).toEqual([]);
  });

  it('a document that no longer matches its center fails', () => {
    const shopStandings = operations.find((o) => o.name === 'shops.ts: shopStandings')?.operation;
    if (!shopStandings) throw new Error('shops.ts: shopStandings is gone; pick another operation');
    const renamed = { ...shopStandings, document: shopStandings.document.replace('currencyCode', 'currency') };
    expect(documentErrors(renamed)).toEqual(['Cannot query field "currency" on type "ShopStanding". Did you mean "currencyCode"?']);
    const wrongArgument = { ...shopStandings, document: shopStandings.document.replace('shopStandings(ids: $ids)', 'shopStandings(shopIds: $ids)') };
    expect(documentErrors(wrongArgument)).toEqual(expect.arrayContaining([expect.stringMatching(/Unknown argument "shopIds"/)]));
  });
});
