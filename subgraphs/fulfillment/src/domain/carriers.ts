import { randomBytes } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { isUniqueViolation, newId, ok, Problems, requiredText, type RequestContext, type Result, rowById } from '@zhongtai/kit';
import { carriers, type CarrierRow, type TrackingAdapterName } from '../db/tables.ts';
import { CARRIER_ID_PREFIX } from './ids.ts';

/** Carriers are platform configuration: operators manage them; everyone working orders reads them. */
export function loadCarrier(ctx: RequestContext, id: string): Promise<CarrierRow | null> {
  return rowById(ctx, 'fulfillment.carrierById', carriers, CARRIER_ID_PREFIX, id);
}

export const listCarriers = (ctx: RequestContext) => ctx.db.select().from(carriers).orderBy(asc(carriers.code));

export const newCallbackSecret = () => randomBytes(24).toString('base64url');

export interface CarrierInput {
  id?: string;
  code?: string | null;
  name?: string | null;
  promisedDays?: number | null;
  active?: boolean | null;
  /** Issue a new callback secret (the old one stops working at once). */
  rotateSecret?: boolean | null;
  trackingAdapter?: TrackingAdapterName | null;
  trackingCompanyCode?: string | null;
}

/** A carrier tracked through 快递100 needs its company code there (lower-case letters and digits, as 快递100 writes them). */
function checkTracking(problems: Problems, adapter: TrackingAdapterName, companyCode: string | null): void {
  if (companyCode !== null)
    problems.check(
      /^[a-z0-9]{1,32}$/.test(companyCode),
      ['input', 'trackingCompanyCode'],
      'INVALID',
      'A tracking company code is lower-case letters and digits',
    );
  if (adapter === 'KUAIDI100')
    problems.check(companyCode !== null, ['input', 'trackingCompanyCode'], 'REQUIRED', 'A carrier tracked through 快递100 needs its 快递100 company code');
}

/** The secret is shown once, in the payload of the change that issued it; never on Carrier. */
export type CarrierChange = { carrier: CarrierRow; callbackSecret: string | null };

function checkDays(problems: Problems, days: number | null | undefined): void {
  if (days != null) problems.check(Number.isInteger(days) && days >= 1 && days <= 60, ['input', 'promisedDays'], 'OUT_OF_RANGE', 'Promised days are 1 to 60');
}

export async function createCarrier(ctx: RequestContext, input: CarrierInput): Promise<Result<CarrierChange>> {
  const problems = new Problems();
  const code = requiredText(problems, input.code, ['input', 'code'], 'Code', 32)?.toUpperCase();
  if (code) problems.check(/^[A-Z0-9_-]+$/.test(code), ['input', 'code'], 'INVALID', 'A carrier code is letters, digits, _ and -');
  const name = requiredText(problems, input.name, ['input', 'name'], 'Name', 100);
  checkDays(problems, input.promisedDays);
  const trackingAdapter = input.trackingAdapter ?? 'CALLBACK';
  const trackingCompanyCode = input.trackingCompanyCode?.trim() || null;
  checkTracking(problems, trackingAdapter, trackingCompanyCode);
  if (problems.any) return problems.refuse();
  const callbackSecret = newCallbackSecret();
  try {
    const [row] = await ctx.db
      .insert(carriers)
      .values({
        id: newId(CARRIER_ID_PREFIX),
        code: code!,
        name: name!,
        callbackSecret,
        promisedDays: input.promisedDays ?? 3,
        trackingAdapter,
        trackingCompanyCode,
      })
      .returning();
    return ok({ carrier: row!, callbackSecret });
  } catch (error) {
    if (isUniqueViolation(error, 'carriers_code_key')) return problems.add(['input', 'code'], 'TAKEN', 'Another carrier has this code').refuse();
    throw error;
  }
}

export async function updateCarrier(ctx: RequestContext, input: CarrierInput & { id: string }): Promise<Result<CarrierChange>> {
  const problems = new Problems();
  const existing = await loadCarrier(ctx, input.id);
  if (!existing) return problems.add(['input', 'id'], 'NOT_FOUND', 'No such carrier').refuse();
  const changes: Partial<CarrierRow> = {};
  if (input.name != null) changes.name = requiredText(problems, input.name, ['input', 'name'], 'Name', 100);
  if (input.promisedDays != null) changes.promisedDays = input.promisedDays;
  if (input.active != null) changes.active = input.active;
  if (input.trackingAdapter != null) changes.trackingAdapter = input.trackingAdapter;
  if (input.trackingCompanyCode != null) changes.trackingCompanyCode = input.trackingCompanyCode.trim() || null;
  checkTracking(
    problems,
    changes.trackingAdapter ?? existing.trackingAdapter,
    changes.trackingCompanyCode !== undefined ? changes.trackingCompanyCode : existing.trackingCompanyCode,
  );
  checkDays(problems, input.promisedDays);
  if (problems.any) return problems.refuse();
  const callbackSecret = input.rotateSecret ? newCallbackSecret() : null;
  if (callbackSecret) changes.callbackSecret = callbackSecret;
  const [row] = await ctx.db
    .update(carriers)
    .set({ ...changes, updatedAt: new Date() })
    .where(eq(carriers.id, existing.id))
    .returning();
  return ok({ carrier: row!, callbackSecret });
}
