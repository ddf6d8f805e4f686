import { and, eq } from 'drizzle-orm';
import {
  anyOf,
  assertCan,
  forbidden,
  isId,
  listTable,
  logger,
  newId,
  ok,
  Problems,
  rowById,
  scopedWhere,
  type ConnectionArgs,
  type RequestContext,
  type Result,
  type RouteResponse,
} from '@zhongtai/kit';
import { payouts, type PayoutRow, type SettlementStatementRow } from '../db/tables.ts';
import { payoutSandbox, readPayoutCallback, signedPayoutCallback } from '../providers/payoutSandbox.ts';
import { loadFinanceConfig } from './config.ts';
import { PAYOUT_ID_PREFIX, STATEMENT_ID_PREFIX } from './ids.ts';
import { postEntry } from './journal.ts';
import { payoutPostings } from './postingRules.ts';
import { loadStatement, markConfirmed } from './statements.ts';
import { payoutTenancy, statementTenancy } from './tenancy.ts';
import { present } from './rows.ts';

/**
 * 确认并打款: an operator confirms a DRAFT statement; when it is owed something, a payout of the
 * amount due goes to the payout provider, the shop's payable moving into transit in the same
 * transaction. The provider's callback settles it (paid: the money left the platform's cash;
 * failed: back to the shop's payable, carried into the next statement's opening balance).
 */
export async function confirmStatement(ctx: RequestContext, input: { id: string }): Promise<Result<SettlementStatementRow>> {
  const problems = new Problems();
  if (!isId(STATEMENT_ID_PREFIX, input.id)) return problems.add(['input', 'id'], 'INVALID_ID', `"${input.id}" is not a statement id`).refuse();
  const statement = await loadStatement(ctx, input.id);
  if (!statement) return problems.add(['input', 'id'], 'NOT_FOUND', `Statement ${input.id} not found`).refuse();
  assertCan(ctx, statementTenancy, statement, 'write');
  if (statement.status !== 'DRAFT') return problems.add(['input', 'id'], 'INVALID_TRANSITION', `Statement ${input.id} is already ${statement.status}`).refuse();
  if (statement.amountDue > 0n && !payoutSandbox.enabled()) throw forbidden('No payout provider is enabled (SANDBOX_PROVIDERS=payouts turns the sandbox on)');
  return ctx.db.transaction(async (tx) => {
    const confirmed = await markConfirmed(ctx, tx, statement);
    if (!confirmed) return problems.add(['input', 'id'], 'INVALID_TRANSITION', 'The statement changed meanwhile; reload it').refuse();
    if (confirmed.amountDue > 0n) {
      const id = newId(PAYOUT_ID_PREFIX);
      const { providerPayoutId } = payoutSandbox.send(id);
      await tx.insert(payouts).values({
        id,
        statementId: confirmed.id,
        shopId: confirmed.shopId,
        currency: confirmed.currency,
        amount: confirmed.amountDue,
        provider: payoutSandbox.name,
        providerPayoutId,
      });
      await postEntry(tx, {
        sourceKey: `payout:${id}:sent`,
        kind: 'PAYOUT',
        memo: `payout ${id} of statement ${confirmed.id} sent`,
        currency: confirmed.currency,
        shopId: confirmed.shopId,
        actor: ctx.claims?.subject ?? 'system',
        postedAt: ctx.now(),
        postings: payoutPostings('SENT', confirmed.shopId, confirmed.amountDue),
      });
    }
    return ok(confirmed);
  });
}

/**
 * POST /hooks/finance/payouts/sandbox/callback. A callback that is not validly signed, or that
 * names an unknown payout or another amount, changes nothing; a valid one settles a PENDING
 * payout once (the guarded update decides; a replay finds it settled).
 */
export async function receivePayoutCallback(ctx: RequestContext, request: { rawBody: string; headers: Headers }): Promise<RouteResponse> {
  if (!payoutSandbox.enabled()) return { status: 404, body: { error: 'not found' } };
  const reading = readPayoutCallback(request.rawBody, request.headers);
  if (!reading.ok) {
    logger(ctx).warn('payout callback refused', { reason: reading.reason });
    return { status: 401, body: { result: 'REJECTED', reason: reading.reason } };
  }
  const { body } = reading;
  return ctx.db.transaction(async (tx) => {
    const [payout] = await tx
      .select()
      .from(payouts)
      .where(and(eq(payouts.provider, payoutSandbox.name), eq(payouts.providerPayoutId, body.providerPayoutId)))
      .for('update');
    if (!payout) return { status: 404, body: { result: 'UNKNOWN_PAYOUT' } };
    if (BigInt(body.amount) !== payout.amount || body.currency !== payout.currency) return { status: 422, body: { result: 'AMOUNT_MISMATCH' } };
    if (payout.status !== 'PENDING') return { status: 200, body: { result: 'ALREADY_SETTLED', status: payout.status } };
    const now = ctx.now();
    const paid = body.type === 'payout.paid';
    await tx
      .update(payouts)
      .set(
        paid
          ? { status: 'PAID', paidAt: now, updatedAt: now }
          : { status: 'FAILED', failedAt: now, failureReason: (body.reason ?? 'failed at the provider').slice(0, 500), updatedAt: now },
      )
      .where(and(eq(payouts.id, payout.id), eq(payouts.status, 'PENDING')));
    await postEntry(tx, {
      sourceKey: `payout:${payout.id}:${paid ? 'paid' : 'failed'}`,
      kind: paid ? 'PAYOUT_PAID' : 'PAYOUT_FAILED',
      memo: paid ? `payout ${payout.id} paid` : `payout ${payout.id} failed: back to the shop's payable`,
      currency: payout.currency,
      shopId: payout.shopId,
      actor: `provider:${payoutSandbox.name}`,
      postedAt: now,
      postings: payoutPostings(paid ? 'PAID' : 'FAILED', payout.shopId, payout.amount),
    });
    return { status: 200, body: { result: 'APPLIED', status: paid ? 'PAID' : 'FAILED' } };
  });
}

/**
 * ADMIN `sandboxSettlePayout`: plays the provider's side, POSTing a signed callback saying the
 * payout was paid or failed to the configured callback URL over HTTP, like a third party would.
 */
export async function sandboxSettlePayout(
  ctx: RequestContext,
  input: { payoutId: string; outcome: 'PAID' | 'FAILED'; reason?: string | null },
): Promise<Result<PayoutRow>> {
  if (!payoutSandbox.enabled()) throw forbidden('The sandbox payout provider is off (SANDBOX_PROVIDERS=payouts turns it on)');
  const problems = new Problems();
  const payout = await loadPayout(ctx, input.payoutId);
  if (!payout) return problems.add(['input', 'payoutId'], 'NOT_FOUND', `Payout ${input.payoutId} not found`).refuse();
  assertCan(ctx, payoutTenancy, payout, 'write');
  if (payout.status !== 'PENDING') return problems.add(['input', 'payoutId'], 'INVALID_TRANSITION', `Payout ${payout.id} is already ${payout.status}`).refuse();
  const callback = signedPayoutCallback({
    type: input.outcome === 'PAID' ? 'payout.paid' : 'payout.failed',
    providerPayoutId: payout.providerPayoutId,
    amount: payout.amount.toString(),
    currency: payout.currency,
    ...(input.reason ? { reason: input.reason } : {}),
  });
  try {
    const response = await fetch(loadFinanceConfig().payoutSandboxCallbackUrl, {
      method: 'POST',
      headers: callback.headers,
      body: callback.rawBody,
      signal: AbortSignal.timeout(10_000),
    });
    await response.body?.cancel();
    if (response.status !== 200) return problems.add(null, 'PROVIDER_ERROR', `The callback endpoint answered ${response.status}`).refuse();
  } catch (error) {
    logger(ctx).error('the payout sandbox could not deliver its callback', { error });
    return problems.add(null, 'PROVIDER_ERROR', 'The sandbox could not reach the callback endpoint').refuse();
  }
  const [after] = await ctx.db.select().from(payouts).where(eq(payouts.id, payout.id));
  return ok(present(after, 'the payout'));
}

export function loadPayout(ctx: RequestContext, id: string): Promise<PayoutRow | null> {
  return rowById(ctx, 'finance.payouts', payouts, PAYOUT_ID_PREFIX, id);
}

/** A statement's payout (at most one), batched over a page of statements. */
export async function payoutOfStatement(ctx: RequestContext, statementId: string): Promise<PayoutRow | null> {
  const found = await ctx.loaders
    .groupedBy<PayoutRow>(
      'finance.payouts.byStatement',
      (p) => p.statementId,
      (ids) => ctx.db.select().from(payouts).where(anyOf(payouts.statementId, ids)),
    )
    .load(statementId);
  return found[0] ?? null;
}

export function listPayouts(ctx: RequestContext, args: ConnectionArgs, filter: { shopId?: string | null } = {}) {
  return listTable(ctx.db, payouts, args, {
    where: scopedWhere(ctx, payoutTenancy, { shopId: filter.shopId }),
    sort: { column: payouts.createdAt, direction: 'DESC' },
  });
}
