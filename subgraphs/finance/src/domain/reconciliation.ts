import { and, eq, gte, isNull, lt, ne, type SQL } from 'drizzle-orm';
import {
  assertCan,
  isId,
  listTable,
  loadScoped,
  newId,
  ok,
  paymentsService,
  Problems,
  requiredText,
  rowById,
  scopedWhere,
  type ConnectionArgs,
  type RequestContext,
  type Result,
} from '@zhongtai/kit';
import { moneyMovements, reconciliationItems, reconciliationRuns, type ReconciliationItemRow, type ReconciliationRunRow } from '../db/tables.ts';
import { RECONCILIATION_DIFFERENCE_ID_PREFIX, RECONCILIATION_RUN_ID_PREFIX } from './ids.ts';
import { postEntry } from './journal.ts';
import { adjustmentFor, matchStatement, parseStatementCsv, type Outcome } from './matching.ts';
import { reconciliationRunTenancy } from './tenancy.ts';
import { present } from './rows.ts';

const SANDBOX = 'sandbox';
/** Providers whose bills are kept by China days (UTC+8): ours are matched over the same 24 hours. */
const CHINA_DAY_PROVIDERS = new Set(['alipay', 'wechatpay']);

/**
 * 导入对账单: an operator imports the provider's statement of a UTC day (the file's text, or,
 * when none is given, the sandbox provider's own file, asked of the payment center) and every
 * line is matched against the captures and refunds we recorded that day.
 */
export async function importStatement(
  ctx: RequestContext,
  input: { date: string; csv?: string | null; provider?: string | null },
): Promise<Result<ReconciliationRunRow>> {
  assertCan(ctx, reconciliationRunTenancy, {} as ReconciliationRunRow, 'write');
  const problems = new Problems();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.date) || Number.isNaN(Date.parse(`${input.date}T00:00:00Z`)))
    return problems.add(['input', 'date'], 'INVALID', 'The date is YYYY-MM-DD').refuse();
  if (input.csv != null && input.csv.length > 10_000_000) return problems.add(['input', 'csv'], 'TOO_LONG', 'At most 10 MB').refuse();
  const provider = input.provider ?? SANDBOX;
  if (!/^[a-z]{1,30}$/.test(provider))
    return problems.add(['input', 'provider'], 'INVALID', 'A provider is a name such as sandbox, alipay, wechatpay').refuse();
  const csv =
    input.csv ??
    (provider === SANDBOX
      ? (await ctx.services.call(paymentsService.sandboxProviderStatement, { date: input.date })).sandboxProviderStatement
      : (await ctx.services.call(paymentsService.providerStatement, { provider, date: input.date })).providerStatement);
  const parsed = parseStatementCsv(csv);
  if (parsed.problems.any) return parsed.problems.refuse();
  const from = new Date(`${input.date}T00:00:00${CHINA_DAY_PROVIDERS.has(provider) ? '+08:00' : 'Z'}`);
  const to = new Date(from.getTime() + 86_400_000);
  const movements = await ctx.db
    .select()
    .from(moneyMovements)
    .where(and(gte(moneyMovements.occurredAt, from), lt(moneyMovements.occurredAt, to)));
  // A real provider's bill is matched against that provider's share of our day (the payment center
  // knows which payment went where); the sandbox's, as before, against all of it.
  const through =
    provider === SANDBOX
      ? null
      : new Set(
          (await ctx.services.call(paymentsService.paymentsThroughProvider, { provider, paymentIds: [...new Set(movements.map((m) => m.paymentId))] }))
            .paymentsThroughProvider,
        );
  const ours = through ? movements.filter((m) => through.has(m.paymentId)) : movements;
  const matches = matchStatement(
    parsed.lines,
    ours.map((m) => ({ kind: m.kind, reference: m.reference, currency: m.currency, amount: m.amount })),
  );
  const counts: Record<Outcome, number> = { MATCHED: 0, MISSING_IN_OURS: 0, MISSING_IN_PROVIDER: 0, AMOUNT_MISMATCH: 0 };
  matches.forEach((m) => counts[m.outcome]++);
  return ctx.db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(reconciliationRuns)
      .values({
        id: newId(RECONCILIATION_RUN_ID_PREFIX),
        provider,
        statementDate: input.date,
        fileLines: parsed.lines.length,
        counts,
        actor: ctx.claims?.subject ?? 'system',
      })
      .returning();
    const run = present(inserted, 'the new run');
    if (matches.length)
      await tx.insert(reconciliationItems).values(matches.map((m) => ({ id: newId(RECONCILIATION_DIFFERENCE_ID_PREFIX), runId: run.id, ...m })));
    return ok(run);
  });
}

/**
 * An operator resolves a difference with a reason, once. Money is involved in every difference
 * (a capture or refund on one side only, or two amounts), so an adjusting entry brings our
 * provider clearing to what the provider says, booked to reconciliation differences.
 */
export async function resolveDifference(ctx: RequestContext, input: { id: string; reason: string }): Promise<Result<ReconciliationItemRow>> {
  const problems = new Problems();
  const reason = requiredText(problems, input.reason, ['input', 'reason'], 'Reason', 500);
  if (!isId(RECONCILIATION_DIFFERENCE_ID_PREFIX, input.id)) problems.add(['input', 'id'], 'INVALID_ID', `"${input.id}" is not a reconciliation difference id`);
  if (problems.any || !reason) return problems.refuse();
  const item = await rowById(ctx, 'finance.reconciliation_items', reconciliationItems, RECONCILIATION_DIFFERENCE_ID_PREFIX, input.id);
  if (!item) return problems.add(['input', 'id'], 'NOT_FOUND', `Difference ${input.id} not found`).refuse();
  assertCan(ctx, reconciliationRunTenancy, {} as ReconciliationRunRow, 'write');
  if (item.outcome === 'MATCHED') return problems.add(['input', 'id'], 'INVALID', 'A matched line needs no resolution').refuse();
  if (item.resolvedAt) return problems.add(['input', 'id'], 'INVALID_TRANSITION', 'This difference is resolved already').refuse();
  return ctx.db.transaction(async (tx) => {
    const now = ctx.now();
    const entry = await postEntry(tx, {
      sourceKey: `reconciliation:${item.id}`,
      kind: 'ADJUSTMENT',
      memo: `reconciliation ${item.outcome.toLowerCase()} ${item.kind.toLowerCase()} ${item.reference}`,
      currency: item.currency,
      reason,
      actor: ctx.claims?.subject ?? 'system',
      postedAt: now,
      postings: adjustmentFor(item),
    });
    const [row] = await tx
      .update(reconciliationItems)
      .set({ resolution: reason, resolvedBy: ctx.claims?.subject ?? 'system', resolvedAt: now, adjustingEntryId: entry?.id ?? null, updatedAt: now })
      .where(and(eq(reconciliationItems.id, item.id), isNull(reconciliationItems.resolvedAt)))
      .returning();
    if (!row) throw new Error('resolved concurrently');
    return ok(row);
  });
}

export function findRun(ctx: RequestContext, id: string): Promise<ReconciliationRunRow | null> {
  return loadScoped(ctx, reconciliationRunTenancy, rowById(ctx, 'finance.reconciliation_runs', reconciliationRuns, RECONCILIATION_RUN_ID_PREFIX, id), 'read');
}

export function listRuns(ctx: RequestContext, args: ConnectionArgs) {
  return listTable(ctx.db, reconciliationRuns, args, {
    where: scopedWhere(ctx, reconciliationRunTenancy),
    sort: { column: reconciliationRuns.createdAt, direction: 'DESC' },
  });
}

/** Every outcome but MATCHED: the differences an operator resolves. */
const notMatched = ne(reconciliationItems.outcome, 'MATCHED');

/** A run's lines: the differences (every outcome but MATCHED) unless an outcome is asked for. */
export function runItems(
  ctx: RequestContext,
  run: ReconciliationRunRow,
  args: ConnectionArgs,
  filter: { outcome?: Outcome | null; unresolvedOnly?: boolean | null } = {},
) {
  const where: (SQL | undefined)[] = [eq(reconciliationItems.runId, run.id)];
  where.push(filter.outcome ? eq(reconciliationItems.outcome, filter.outcome) : notMatched);
  if (filter.unresolvedOnly) where.push(isNull(reconciliationItems.resolvedAt));
  return listTable(ctx.db, reconciliationItems, args, { where: and(...where), sort: { column: reconciliationItems.createdAt, direction: 'ASC' } });
}
