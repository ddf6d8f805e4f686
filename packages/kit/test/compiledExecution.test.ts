import { buildSchema, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { OperationRunner } from '../src/graphql/compiledExecution.ts';

const schema = buildSchema('type Query { hello(name: String!): String! }');
// On the schema, as every center's resolvers are (graphql-jit does not call function properties of the root value).
schema.getQueryType()!.getFields().hello!.resolve = (_, { name }: { name: string }) => `hello ${name}`;
const rootValue = {};

describe('OperationRunner', () => {
  it('interprets a document on its first run and compiles it on its second', async () => {
    const runner = new OperationRunner(schema, 'compiled');
    const document = parse('query Q($n: String!) { hello(name: $n) }');
    expect(await runner.run({ document, rootValue, variableValues: { n: 'a' }, operationName: 'Q' })).toEqual({ data: { hello: 'hello a' } });
    expect(runner.isCompiled(document, 'Q')).toBe(false);
    expect(await runner.run({ document, rootValue, variableValues: { n: 'b' }, operationName: 'Q' })).toEqual({ data: { hello: 'hello b' } });
    expect(runner.isCompiled(document, 'Q')).toBe(true);
    expect(await runner.run({ document, rootValue, variableValues: { n: 'c' }, operationName: 'Q' })).toEqual({ data: { hello: 'hello c' } });
  });

  it('a document seen once is never compiled: endless distinct documents cost no compilation', async () => {
    const runner = new OperationRunner(schema, 'compiled');
    const documents = Array.from({ length: 50 }, (_, i) => parse(`{ a${i}: hello(name: "${i}") }`));
    for (const document of documents) await runner.run({ document, rootValue });
    expect(documents.some((d) => runner.isCompiled(d))).toBe(false);
  });

  it('interpreted never compiles; bad variables are refused either way, the interpreter coding them BAD_USER_INPUT', async () => {
    const document = parse('query Q($n: String!) { hello(name: $n) }');
    for (const engine of ['interpreted', 'compiled'] as const) {
      const runner = new OperationRunner(schema, engine);
      for (let i = 0; i < 3; i++) {
        const result = await runner.run({ document, rootValue, variableValues: { n: 5 } });
        expect(result.data).toBeUndefined();
        expect(result.errors?.[0]?.message).toMatch(/^Variable "\$n" got invalid value 5/);
        if (engine === 'interpreted') expect(result.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
      }
      expect(runner.isCompiled(document)).toBe(engine === 'compiled');
    }
  });
});
