import { and, eq, isNull } from 'drizzle-orm';
import { isId, newId, ok, Problems, requiredText, type RequestContext, type Result } from '@zhongtai/kit';
import { blocklistEntries, type BlocklistEntryRow, type BlocklistKind } from '../db/tables.ts';
import { BLOCKLIST_ENTRY_ID_PREFIX } from './ids.ts';
import { addressKey, blocklistKey, type RiskAddress } from './keys.ts';

export interface AddBlocklistEntryInput {
  kind: BlocklistKind;
  /** A member id, a phone or a device id; an ADDRESS entry gives `address` instead. */
  value?: string | null;
  address?: Omit<RiskAddress, 'phone'> | null;
  reason: string;
  expiresAt?: Date | null;
}

/** An operator blocks a member, phone, address or device, until `expiresAt` (or until removed). */
export async function addBlocklistEntry(ctx: RequestContext, input: AddBlocklistEntryInput): Promise<Result<BlocklistEntryRow>> {
  const problems = new Problems();
  const reason = requiredText(problems, input.reason, ['input', 'reason'], 'Reason', 500);
  let value: string | undefined;
  const address = input.address;
  if (input.kind === 'ADDRESS') {
    if (problems.check(Boolean(address), ['input', 'address'], 'REQUIRED', 'An ADDRESS entry names the address') && address) {
      for (const part of ['province', 'city', 'district', 'detail'] as const)
        requiredText(problems, address[part], ['input', 'address', part], `Address ${part}`, 200);
      value = addressKey(address);
    }
  } else {
    const raw = requiredText(problems, input.value, ['input', 'value'], 'Value', 100);
    if (raw) value = blocklistKey(input.kind, raw);
    if (value !== undefined && input.kind === 'PHONE') problems.check(value.length >= 5, ['input', 'value'], 'INVALID', 'A phone has at least 5 digits');
  }
  if (input.expiresAt) problems.check(input.expiresAt > ctx.now(), ['input', 'expiresAt'], 'OUT_OF_RANGE', 'An expiry is in the future');
  if (problems.any || !value || !reason) return problems.refuse();
  const [row] = await ctx.db
    .insert(blocklistEntries)
    .values({
      id: newId(BLOCKLIST_ENTRY_ID_PREFIX),
      kind: input.kind,
      value,
      reason,
      expiresAt: input.expiresAt ?? null,
      createdBy: ctx.claims?.subject ?? 'system',
    })
    .returning();
  if (!row) throw new Error('an insert returned no row');
  return ok(row);
}

/** Ends an entry now; removing one already removed is refused. */
export async function removeBlocklistEntry(ctx: RequestContext, input: { entryId: string }): Promise<Result<BlocklistEntryRow>> {
  const problems = new Problems();
  if (!isId(BLOCKLIST_ENTRY_ID_PREFIX, input.entryId))
    return problems.add(['input', 'entryId'], 'INVALID_ID', `"${input.entryId}" is not a blocklist entry id`).refuse();
  const [row] = await ctx.db
    .update(blocklistEntries)
    .set({ removedAt: ctx.now(), updatedAt: ctx.now() })
    .where(and(eq(blocklistEntries.id, input.entryId), isNull(blocklistEntries.removedAt)))
    .returning();
  return row ? ok(row) : problems.add(['input', 'entryId'], 'NOT_FOUND', `No active blocklist entry ${input.entryId}`).refuse();
}
