import { isDeepStrictEqual } from 'node:util';
import type { Sql } from 'postgres';
import type { Served } from './processes.ts';
import type { RequestSource } from './load.ts';
import type { Scenario } from './scenarios/index.ts';

/** One fixed request and what a gateway answered to it. */
export interface Answer {
  mode: string;
  body: string;
  data: Record<string, any>;
}

async function post(url: string, scenario: Scenario, body: string, authorization: string): Promise<Record<string, any>> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${scenario.name} at ${url}: HTTP ${response.status} ${text.slice(0, 300)}`);
  const json = JSON.parse(text);
  if (json.errors) throw new Error(`${scenario.name} at ${url}: ${JSON.stringify(json.errors).slice(0, 500)}`);
  return json.data;
}

/**
 * Before a read scenario is measured, the same `samples` requests go to every gateway up now:
 * their answers must be identical (a faster wrong answer is no result), not empty, and the
 * floor's SQL must find the same top-level ids in the same order. Returns the first gateway's
 * answers, to hold the gateways of a later phase to.
 */
export async function answersOf(scenario: Scenario, graphs: Served[], source: RequestSource, sql: Sql | undefined, samples = 5): Promise<Answer[]> {
  const reference: Answer[] = [];
  for (let i = 0; i < samples; i++) {
    const request = source.nextRequest();
    const body = JSON.stringify({ query: scenario.query, variables: request.variables });
    const authorization = `Bearer ${source.tokenFor(request.caller)}`;
    const answers = await Promise.all(graphs.map(async (g) => ({ mode: g.mode, body, data: await post(g.url, scenario, body, authorization) })));
    for (const other of answers.slice(1)) sameAnswers(scenario, [answers[0]!], [other]);
    const ids = scenario.idsOf?.(answers[0]!.data) ?? [];
    if (!ids.length) throw new Error(`${scenario.name}: empty answer for ${body}: the data set has too few rows for this scenario`);
    if (sql && scenario.floor) {
      const floor = await scenario.floor(sql, request);
      if (!isDeepStrictEqual(floor.ids, ids))
        throw new Error(`${scenario.name}: the floor SQL found other ids than GraphQL for ${body}\n${floor.ids.join(',')}\n${ids.join(',')}`);
    }
    reference.push(answers[0]!);
  }
  return reference;
}

/** Fails loudly, with both answers, when two modes answered the same request differently. */
export function sameAnswers(scenario: Scenario, expected: Answer[], actual: Answer[]): void {
  expected.forEach((e, i) => {
    const a = actual[i]!;
    if (e.body !== a.body) throw new Error(`${scenario.name}: compared different requests`);
    if (!isDeepStrictEqual(e.data, a.data)) {
      throw new Error(
        `${scenario.name}: mode ${a.mode} answered differently from mode ${e.mode} for ${e.body}\n${e.mode}: ${JSON.stringify(e.data).slice(0, 600)}\n${a.mode}: ${JSON.stringify(a.data).slice(0, 600)}`,
      );
    }
  });
}
