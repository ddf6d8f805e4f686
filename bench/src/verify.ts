import { isDeepStrictEqual } from 'node:util';
import type { Sql } from 'postgres';
import type { Served } from './processes.ts';
import type { RequestSource } from './load.ts';
import type { Scenario } from './scenarios/index.ts';

async function post(url: string, scenario: Scenario, body: string, authorization: string): Promise<Record<string, any>> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${scenario.name} at ${url}: HTTP ${response.status} ${text.slice(0, 300)}`);
  const json = JSON.parse(text);
  if (json.errors) throw new Error(`${scenario.name} at ${url}: ${JSON.stringify(json.errors).slice(0, 500)}`);
  return json.data;
}

/**
 * Before a read scenario is measured, the same requests go to every running gateway: the
 * responses must be identical (a faster wrong answer is not a result), the pages must not be
 * empty, and the floor's SQL must return the same top-level ids in the same order.
 */
export async function verifySameData(scenario: Scenario, served: Served[], source: RequestSource, sql: Sql | undefined, samples = 5): Promise<string[]> {
  const notes: string[] = [];
  for (let i = 0; i < samples; i++) {
    const request = source.nextRequest();
    const body = JSON.stringify({ query: scenario.query, variables: request.variables });
    const authorization = `Bearer ${source.tokenFor(request.caller)}`;
    const answers = await Promise.all(served.map((s) => post(s.url, scenario, body, authorization)));
    const [first, ...others] = answers;
    others.forEach((other, j) => {
      if (!isDeepStrictEqual(first, other)) {
        throw new Error(`${scenario.name}: mode ${served[j + 1]!.mode} answered differently from mode ${served[0]!.mode} for ${body}\n${JSON.stringify(first).slice(0, 400)}\n${JSON.stringify(other).slice(0, 400)}`);
      }
    });
    const ids = scenario.idsOf?.(first!) ?? [];
    if (!ids.length) throw new Error(`${scenario.name}: empty answer for ${body}: the data set has too few rows for this scenario`);
    if (sql && scenario.floor) {
      const floor = await scenario.floor(sql, request);
      if (!isDeepStrictEqual(floor.ids, ids)) throw new Error(`${scenario.name}: the floor SQL returned other ids than GraphQL for ${body}\n${floor.ids.join(',')}\n${ids.join(',')}`);
    }
    notes.push(`${ids.length} ids`);
  }
  return notes;
}
