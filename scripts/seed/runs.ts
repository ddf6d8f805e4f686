import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '@zhongtai/kit';

/**
 * `seed.seed_runs`: the stages a scale has loaded, with rows and seconds. A stage is written in
 * one transaction together with its row here, so a stage that was interrupted left nothing and
 * is loaded again from scratch; a stage found here is skipped.
 */
export async function prepareRuns(db: Db): Promise<void> {
  await db.execute(sql`create schema if not exists seed`);
  await db.execute(
    sql`create table if not exists seed.seed_runs (scale text not null, stage text not null, rows bigint not null, seconds numeric(10, 1) not null, finished_at timestamptz not null default now(), primary key (scale, stage))`,
  );
}

export async function finishedStages(db: Db): Promise<{ scale: string; stage: string; rows: number; seconds: number }[]> {
  const result = await db.execute(sql`select scale, stage, rows::int as rows, seconds::float as seconds from seed.seed_runs order by finished_at`);
  return rowsOf<{ scale: string; stage: string; rows: number; seconds: number }>(result);
}

export const recordStage = (scale: string, stage: string, rows: number, seconds: number) =>
  sql`insert into seed.seed_runs (scale, stage, rows, seconds) values (${scale}, ${stage}, ${rows}, ${seconds.toFixed(1)})`;
