import { eq, inArray } from 'drizzle-orm';
import type { Db } from '@zhongtai/kit';
import { generations } from '../db/tables.ts';

/** The generation the center starts with. */
const FIRST_GENERATION = 1;

/** The generation queries read; created on first use. */
export async function activeGeneration(db: Db): Promise<number> {
  const [active] = await db.select({ id: generations.id }).from(generations).where(eq(generations.status, 'ACTIVE'));
  if (active) return active.id;
  await db.insert(generations).values({ id: FIRST_GENERATION, status: 'ACTIVE' }).onConflictDoNothing();
  const [again] = await db.select({ id: generations.id }).from(generations).where(eq(generations.status, 'ACTIVE'));
  if (!again) throw new Error('analytics: no active generation');
  return again.id;
}

/**
 * Every generation an event must reach: the active one and one being rebuilt (a rebuild replays
 * the owning centers while events keep arriving; both write idempotently, so each fact lands once).
 */
export async function writableGenerations(db: Db): Promise<{ active: number; building: number[] }> {
  const active = await activeGeneration(db);
  const building = await db
    .select({ id: generations.id })
    .from(generations)
    .where(inArray(generations.status, ['BUILDING']));
  return { active, building: building.map((g) => g.id) };
}
