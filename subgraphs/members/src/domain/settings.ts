import { eq } from 'drizzle-orm';
import { ok, Problems, type Db, type RequestContext, type Result } from '@zhongtai/kit';
import { pointsSettings, type PointsSettingsRow } from '../db/tables.ts';

export const DEFAULT_POINTS_SETTINGS: PointsSettingsRow = {
  id: 1,
  pointsPerCurrencyUnit: 100,
  maxDeductionPercent: 50,
  validityDays: 365,
  updatedAt: new Date(0),
};

/** The one settings row, or the defaults before an operator changed anything. */
export async function readPointsSettings(db: Db): Promise<PointsSettingsRow> {
  const [row] = await db.select().from(pointsSettings).where(eq(pointsSettings.id, 1));
  return row ?? DEFAULT_POINTS_SETTINGS;
}

export interface PointsSettingsInput {
  pointsPerCurrencyUnit?: number | null;
  maxDeductionPercent?: number | null;
  validityDays?: number | null;
}

export async function updatePointsSettings(ctx: RequestContext, input: PointsSettingsInput): Promise<Result<PointsSettingsRow>> {
  const problems = new Problems();
  const check = (value: number | null | undefined, field: keyof PointsSettingsInput, min: number, max: number) =>
    value == null ||
    problems.check(Number.isInteger(value) && value >= min && value <= max, ['input', field], 'OUT_OF_RANGE', `${field} must be between ${min} and ${max}`);
  check(input.pointsPerCurrencyUnit, 'pointsPerCurrencyUnit', 1, 100_000);
  check(input.maxDeductionPercent, 'maxDeductionPercent', 0, 100);
  check(input.validityDays, 'validityDays', 1, 3650);
  if (problems.any) return problems.refuse();
  const changes = Object.fromEntries(Object.entries(input).filter(([, v]) => v != null));
  const current = await readPointsSettings(ctx.db);
  const [row] = await ctx.db
    .insert(pointsSettings)
    .values({ ...current, ...changes, id: 1, updatedAt: new Date() })
    .onConflictDoUpdate({ target: pointsSettings.id, set: { ...changes, updatedAt: new Date() } })
    .returning();
  return ok(row!);
}
