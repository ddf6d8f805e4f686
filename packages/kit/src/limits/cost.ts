import {
  getNamedType,
  getNullableType,
  getOperationAST,
  isCompositeType,
  isListType,
  Kind,
  typeFromAST,
  valueFromASTUntyped,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import type { Limits } from './config.ts';

/**
 * What a query may cost, before it runs. One point per object the response can hold (scalars
 * are free, as in Shopify's model), with list sizes multiplied down the tree:
 * - a field with `first`/`last` returns that many items (absent: the default page size); on a
 *   connection the size applies to its `nodes` / `edges` lists;
 * - a list field with a list argument (`_entities(representations:)`, `skusByIds(ids:)`) returns
 *   as many items as the argument has;
 * - any other list is assumed to hold `assumedListSize` items.
 * A mutation's root field costs 10 on top (it writes). Introspection fields cost nothing:
 * graphql-js's MaxIntrospectionDepthRule bounds them. Fragments on several types are all
 * counted (an upper bound).
 */
export function requestedCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
  limits: Pick<Limits, 'assumedListSize' | 'defaultPageSize'>,
): number {
  const operation = getOperationAST(document, operationName ?? undefined);
  if (!operation) return 0;
  const root =
    operation.operation === 'mutation'
      ? schema.getMutationType()
      : operation.operation === 'subscription'
        ? schema.getSubscriptionType()
        : schema.getQueryType();
  if (!root) return 0;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const vars = variables ?? {};
  const memo = new Map<string, number>();

  const argument = (node: FieldNode, name: string): unknown => {
    const arg = node.arguments?.find((a) => a.name.value === name);
    return arg ? valueFromASTUntyped(arg.value, vars) : undefined;
  };

  /** Items a list-returning field returns, and the page size its connection's lists get. */
  const sizes = (node: FieldNode, field: GraphQLField<unknown, unknown>): { items: number; page: number | undefined } => {
    const paged = field.args.some((a) => a.name === 'first' || a.name === 'last');
    const page = paged ? count(argument(node, 'first') ?? argument(node, 'last'), limits.defaultPageSize) : undefined;
    let byArgument: number | undefined;
    for (const a of field.args) {
      if (!isListType(getNullableType(a.type))) continue;
      const value = argument(node, a.name);
      if (Array.isArray(value)) byArgument = Math.max(byArgument ?? 0, value.length);
    }
    return { items: byArgument ?? page ?? limits.assumedListSize, page };
  };

  const selectionCost = (type: GraphQLCompositeType, set: SelectionSetNode, pageOfParent: number | undefined, seen: ReadonlySet<string>): number => {
    let total = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const on = selection.typeCondition ? (typeFromAST(schema, selection.typeCondition) as GraphQLCompositeType | undefined) : type;
        if (on) total += selectionCost(on, selection.selectionSet, pageOfParent, seen);
        continue;
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || seen.has(name)) continue;
        // Once per fragment and page size: a fragment spread twice in a fragment spread twice ...
        // (a "fragment bomb") is counted in linear time, its cost still multiplied in full.
        const key = `${name}:${pageOfParent ?? ''}`;
        let fragmentCost = memo.get(key);
        if (fragmentCost === undefined) {
          const on = typeFromAST(schema, fragment.typeCondition) as GraphQLCompositeType | undefined;
          fragmentCost = on ? selectionCost(on, fragment.selectionSet, pageOfParent, new Set([...seen, name])) : 0;
          memo.set(key, fragmentCost);
        }
        total += fragmentCost;
        continue;
      }
      const name = selection.name.value;
      if (name.startsWith('__')) continue;
      if (!('getFields' in type)) continue;
      const field = type.getFields()[name];
      if (!field || !selection.selectionSet) continue;
      const fieldType = getNamedType(field.type);
      if (!isCompositeType(fieldType)) continue;
      const { items, page } = sizes(selection, field);
      const list = isListType(getNullableType(field.type));
      // A connection's own lists take the page size its field was asked for.
      const multiplier = list ? (page === undefined && pageOfParent !== undefined && !field.args.length ? pageOfParent : items) : 1;
      const rootWrite = type === root && operation.operation === 'mutation' ? 10 : 0;
      total += rootWrite + multiplier * (1 + selectionCost(fieldType, selection.selectionSet, list ? undefined : page, seen));
    }
    return total;
  };

  return selectionCost(root, operation.selectionSet, undefined, new Set());
}

/**
 * What a response really cost, by the same measure: one point per object in `data` (list
 * items each count), plus 10 per mutation root field. Approximate where the query was: a
 * field resolved to null costs nothing, an object made of scalars only counts 1.
 */
export function actualCost(data: unknown, mutation = false): number {
  if (data === null || typeof data !== 'object') return 0;
  let total = 0;
  for (const value of Object.values(data as Record<string, unknown>)) {
    total += (mutation ? 10 : 0) + objects(value);
  }
  return total;
}

function objects(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  if (Array.isArray(value)) {
    let total = 0;
    for (const item of value) total += objects(item);
    return total;
  }
  let total = 1;
  // for-in: no array per object (every response is walked).
  const record = value as Record<string, unknown>;
  for (const k in record) total += objects(record[k]);
  return total;
}

function count(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
}
