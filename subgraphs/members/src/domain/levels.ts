import { asc, eq } from 'drizzle-orm';
import { isId, isUniqueViolation, newId, ok, Problems, requiredText, type RequestContext, type Result } from '@zhongtai/kit';
import { memberLevels, type MemberLevelRow } from '../db/tables.ts';
import { LEVEL_ID_PREFIX } from './ids.ts';

/** Every level, lowest threshold first; read once per request (a handful of rows). */
export function allLevels(ctx: RequestContext): Promise<MemberLevelRow[]> {
  return ctx.loaders
    .get<string, MemberLevelRow[]>('members.allLevels', async (keys) => {
      const rows = await ctx.db.select().from(memberLevels).orderBy(asc(memberLevels.growthThreshold));
      return keys.map(() => rows);
    })
    .load('all');
}

/** The highest level whose threshold `growth` reaches; null below the lowest. */
export function levelFor(levels: readonly MemberLevelRow[], growth: number): MemberLevelRow | null {
  let found: MemberLevelRow | null = null;
  for (const level of levels) if (level.growthThreshold <= growth && (!found || level.growthThreshold > found.growthThreshold)) found = level;
  return found;
}

/** The growth range [from, to) of a level: what `members(filter: { levelId })` matches. */
export function growthRange(levels: readonly MemberLevelRow[], levelId: string): { from: number; to: number | null } | null {
  const sorted = [...levels].sort((a, b) => a.growthThreshold - b.growthThreshold);
  const i = sorted.findIndex((l) => l.id === levelId);
  if (i < 0) return null;
  return { from: sorted[i]!.growthThreshold, to: sorted[i + 1]?.growthThreshold ?? null };
}

export interface MemberLevelInput {
  name?: string | null;
  growthThreshold?: number | null;
  discountPercent?: number | null;
  freeShipping?: boolean | null;
  pointsMultiplierPercent?: number | null;
}

function validate(problems: Problems, input: MemberLevelInput, creating: boolean): Partial<MemberLevelRow> {
  const out: Partial<MemberLevelRow> = {};
  if (creating || input.name != null) {
    const name = requiredText(problems, input.name, ['input', 'name'], 'Level name', 50);
    if (name) out.name = name;
  }
  const range = (value: number | null | undefined, field: string, min: number, max: number, label: string) => {
    if (value == null) return;
    if (
      problems.check(Number.isInteger(value) && value >= min && value <= max, ['input', field], 'OUT_OF_RANGE', `${label} must be between ${min} and ${max}`)
    ) {
      (out as Record<string, unknown>)[field] = value;
    }
  };
  if (creating) problems.check(input.growthThreshold != null, ['input', 'growthThreshold'], 'REQUIRED', 'Growth threshold is required');
  range(input.growthThreshold, 'growthThreshold', 0, 100_000_000, 'Growth threshold');
  range(input.discountPercent, 'discountPercent', 0, 50, 'Discount percent');
  range(input.pointsMultiplierPercent, 'pointsMultiplierPercent', 100, 1000, 'Points multiplier percent');
  if (input.freeShipping != null) out.freeShipping = input.freeShipping;
  return out;
}

async function save(problems: Problems, write: () => Promise<MemberLevelRow[]>): Promise<Result<MemberLevelRow>> {
  try {
    const [row] = await write();
    if (!row) return problems.add(['input', 'id'], 'NOT_FOUND', 'Level not found').refuse();
    return ok(row);
  } catch (error) {
    if (isUniqueViolation(error, 'member_levels_threshold_key'))
      return problems.add(['input', 'growthThreshold'], 'TAKEN', 'Another level starts at this growth value').refuse();
    if (isUniqueViolation(error, 'member_levels_name_key')) return problems.add(['input', 'name'], 'TAKEN', 'Another level has this name').refuse();
    throw error;
  }
}

export async function createMemberLevel(ctx: RequestContext, input: MemberLevelInput): Promise<Result<MemberLevelRow>> {
  const problems = new Problems();
  const values = validate(problems, input, true);
  if (problems.any) return problems.refuse();
  return save(problems, () =>
    ctx.db
      .insert(memberLevels)
      .values({ id: newId(LEVEL_ID_PREFIX), name: values.name!, growthThreshold: values.growthThreshold!, ...values })
      .returning(),
  );
}

export async function updateMemberLevel(ctx: RequestContext, input: MemberLevelInput & { id: string }): Promise<Result<MemberLevelRow>> {
  const problems = new Problems();
  if (!isId(LEVEL_ID_PREFIX, input.id)) return problems.add(['input', 'id'], 'INVALID_ID', `"${input.id}" is not a level id`).refuse();
  const values = validate(problems, input, false);
  if (problems.any) return problems.refuse();
  return save(problems, () =>
    ctx.db
      .update(memberLevels)
      .set({ ...values, updatedAt: new Date() })
      .where(eq(memberLevels.id, input.id))
      .returning(),
  );
}
