import postgres from 'postgres';
import { sql as drizzleSql } from 'drizzle-orm';
import { getTableConfig } from 'drizzle-orm/pg-core';
import { migrateCenter, type Database } from '@zhongtai/kit';
import { allCenters } from '../../gateway/src/centers.ts';
import { beginBulk } from './bulk.ts';
import { copyWriter, insertWriter, type TableLoad, type TableWriter } from './copy.ts';
import { Progress, type StageReport } from './progress.ts';
import { finishedStages, prepareRuns, recordStage } from './runs.ts';
import { buildWorld, type BlockLoad, type Scale, type Stage, type World } from '@zhongtai/kit/largeSeed';
import { catalogStage, largeSeedCategories } from '@zhongtai/catalog';
import { fulfillmentStage } from '@zhongtai/fulfillment';
import { inventoryStage } from '@zhongtai/inventory';
import { membersStage } from '@zhongtai/members';
import { ordersStage } from '@zhongtai/orders';
import { paymentsStage } from '@zhongtai/payments';
import { shopsStage } from '@zhongtai/shops';

/**
 * Each center loads its own tables (its `src/seed/large.ts`); this file only runs the stages:
 * in dependency order (what a stage's rows refer to is loaded by an earlier stage), each in one
 * transaction, with progress and resumption.
 */
export const STAGES: Stage<any>[] = [shopsStage, catalogStage, inventoryStage, membersStage, ordersStage, paymentsStage, fulfillmentStage];

/** The generated world of a scale, over the catalog's demo categories. */
export const worldOf = (scale: Scale): World => buildWorld(scale, largeSeedCategories());

/** The rows of `load` for one block, as a writer takes them. */
const forBlock = <B>(l: BlockLoad<B>, block: B): TableLoad => ({ table: l.table, rows: () => l.rows(block) });

export interface SeedScaleOptions {
  database: Database;
  /** The PostgreSQL URL of `database`: COPY goes over a connection of its own. Unset on PGlite. */
  url: string | undefined;
  scale: Scale;
  quiet?: boolean;
}

/**
 * Loads a generated scale on top of the demo seed: every center's migrations, the demo data
 * (categories, brands, platform warehouses, carriers, member levels are shared), then the stages
 * not loaded before, each in one transaction, each followed by VACUUM (ANALYZE) of its tables
 * (ANALYZE on PGlite).
 */
export async function seedScale({ database, url, scale, quiet }: SeedScaleOptions): Promise<StageReport[]> {
  if (database.driver === 'pglite' && scale.name !== 'tiny')
    throw new Error(`--scale ${scale.name} needs PostgreSQL: set DATABASE_URL (PGlite takes the tiny and small scales only)`);
  const progress = new Progress(quiet);
  for (const center of allCenters()) {
    const db = database.forCenter(center.name);
    await migrateCenter(db, center.name, center.migrationsFolder);
    if (center.seed && (await center.seed.isEmpty(db))) await center.seed.run(db);
  }
  const db = database.forCenter('seed');
  await prepareRuns(db);
  const done = await finishedStages(db);
  const other = done.find((r) => r.scale !== scale.name);
  if (other) throw new Error(`this database holds the ${other.scale} scale; load ${scale.name} into a fresh database`);
  const reports: StageReport[] = [];
  const todo = STAGES.filter((s) => !done.some((r) => r.stage === s.name));
  const world = todo.length ? worldOf(scale) : undefined;
  const client = url && todo.length ? postgres(url, { max: 1, onnotice: () => {}, connection: { application_name: 'zhongtai-seed' } }) : undefined;
  try {
    for (const stage of STAGES) {
      const before = done.find((r) => r.stage === stage.name);
      if (before) {
        reports.push({ stage: stage.name, rows: before.rows, seconds: before.seconds, skipped: true });
        continue;
      }
      progress.start(stage.name, stage.estimate(world!));
      const tables = stage.tables;
      const write = async (writer: TableWriter) => {
        let rows = 0;
        for (const block of stage.blocks(world!)) for (const table of tables) rows += await writer(forBlock(table, block), (n) => progress.add(n));
        return rows;
      };
      let report: StageReport;
      if (client) {
        await client.begin(async (tx) => {
          const bulk = await beginBulk(
            tx,
            tables.map((t) => t.table),
          );
          await write(copyWriter(tx));
          await bulk.finish((line) => progress.log(line));
          report = progress.finish(stage.name);
          await tx`insert into seed.seed_runs (scale, stage, rows, seconds) values (${scale.name}, ${stage.name}, ${report.rows}, ${report.seconds.toFixed(1)})`;
        });
        // VACUUM as well as ANALYZE: the visibility map and hint bits are set once here, not by
        // the first queries (index-only scans and counts of a fresh COPY visit every heap page).
        for (const { table } of tables) {
          const config = getTableConfig(table);
          await client`vacuum (analyze) ${client(config.schema ?? 'public')}.${client(config.name)}`;
        }
      } else {
        await db.transaction(async (tx) => {
          await write(insertWriter(tx));
          report = progress.finish(stage.name);
          await tx.execute(recordStage(scale.name, stage.name, report.rows, report.seconds));
        });
        for (const { table } of tables) {
          const config = getTableConfig(table);
          await db.execute(drizzleSql`analyze ${drizzleSql.identifier(config.schema ?? 'public')}.${drizzleSql.identifier(config.name)}`);
        }
      }
      reports.push(report!);
    }
  } finally {
    await client?.end({ timeout: 5 });
  }
  progress.summary(reports);
  return reports;
}
