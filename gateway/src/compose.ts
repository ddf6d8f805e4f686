import { composeServices } from '@apollo/composition';
import { parse, printSchema } from 'graphql';
import { subgraphSdl } from '@zhongtai/kit';
import { CENTERS, defaultSubgraphUrl } from './centers.ts';

/**
 * Composition hints we have read and accept, by code and message. A new hint fails the schema
 * test until it is fixed or added here with a reason.
 */
export const ACCEPTED_HINTS: { code: string; message: string; why: string }[] = [];

export interface Composed {
  supergraphSdl: string;
  apiSdl: string;
  unacceptedHints: string[];
}

export function composeSupergraph(): Composed {
  const result = composeServices(
    CENTERS.map(({ definition }) => ({
      name: definition.name,
      url: defaultSubgraphUrl(definition.name),
      typeDefs: parse(subgraphSdl(definition)),
    })),
  );
  if (result.errors) {
    throw new Error(`composition failed:\n${result.errors.map((e) => `- ${e.message}`).join('\n')}`);
  }
  const unacceptedHints = result.hints
    .filter((h) => !ACCEPTED_HINTS.some((a) => a.code === h.definition.code && a.message === h.message))
    .map((h) => `${h.definition.code}: ${h.message}`);
  return {
    supergraphSdl: result.supergraphSdl,
    apiSdl: printSchema(result.schema.toAPISchema().toGraphQLJSSchema()) + '\n',
    unacceptedHints,
  };
}
