import type { TestProject } from 'vitest/node';
import { buildDatabaseTemplate, type DatabaseTemplate } from '@zhongtai/kit/testDatabase';
import { allCenters } from '@zhongtai/gateway';

declare module 'vitest' {
  export interface ProvidedContext {
    /** All centers migrated and seeded once per run; null when no gateway test runs (see below). */
    graphTemplate: DatabaseTemplate | null;
  }
}

/**
 * Once per `vitest run`: the database template every test graph starts from (startTestGraph), so
 * the 45 gateway test files do not each migrate fourteen centers and seed the demo world (about
 * nine seconds a file). A run given only files outside tests/ (a center's own tests) builds none.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | void> {
  const filters = process.argv.slice(2).filter((a) => !a.startsWith('-') && a !== 'run' && !a.endsWith('vitest') && !a.endsWith('vitest.mjs'));
  const wantsGraph = filters.length === 0 || filters.some((f) => f.startsWith('tests') || f.startsWith('./tests'));
  if (process.env.TEST_GRAPH_TEMPLATE === 'off' || !wantsGraph) {
    project.provide('graphTemplate', null);
    return;
  }
  const built = await buildDatabaseTemplate(allCenters());
  project.provide('graphTemplate', built.template);
  return () => built.drop();
}
