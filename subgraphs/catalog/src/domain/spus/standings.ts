import { inArray } from 'drizzle-orm';
import { badUserInput, isId, type RequestContext } from '@zhongtai/kit';
import { categories, spus, type CategoryStatus, type SpuStatus } from '../../db/tables.ts';
import { CATEGORY_ID_PREFIX, SPU_ID_PREFIX } from '../ids.ts';

export const MAX_STANDING_IDS = 500;

export interface SpuStanding {
  id: string;
  shopId: string;
  status: SpuStatus;
}

export interface CategoryStanding {
  id: string;
  status: CategoryStatus;
}

/**
 * Whether SPUs exist, whose they are and whether they sell now, in one query (the content center
 * checks the products a page links: on save, and on every storefront read). Unknown ids are left out.
 */
export async function spuStandings(ctx: RequestContext, ids: string[]): Promise<SpuStanding[]> {
  const wanted = checkedIds(ids, SPU_ID_PREFIX);
  if (!wanted.length) return [];
  return ctx.db.select({ id: spus.id, shopId: spus.shopId, status: spus.status }).from(spus).where(inArray(spus.id, wanted));
}

/** Whether categories exist and are enabled, in one query. Unknown ids are left out. */
export async function categoryStandings(ctx: RequestContext, ids: string[]): Promise<CategoryStanding[]> {
  const wanted = checkedIds(ids, CATEGORY_ID_PREFIX);
  if (!wanted.length) return [];
  return ctx.db.select({ id: categories.id, status: categories.status }).from(categories).where(inArray(categories.id, wanted));
}

function checkedIds(ids: string[], prefix: string): string[] {
  if (ids.length > MAX_STANDING_IDS) throw badUserInput(`Ask at most ${MAX_STANDING_IDS} ids at once`, ['ids']);
  return [...new Set(ids.filter((id) => isId(prefix, id)))];
}
