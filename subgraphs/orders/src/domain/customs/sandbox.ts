import { eq } from 'drizzle-orm';
import {
  forbidden,
  isId,
  newId,
  ok,
  optionalText,
  Problems,
  signCallback,
  verifyCallback,
  withTraceparent,
  logger,
  type RequestContext,
  type Result,
} from '@zhongtai/kit';
import { customsDeclarations } from '../../db/crossBorderTables.ts';
import { orders, type OrderRow } from '../../db/tables.ts';
import { loadCrossBorderConfig } from '../crossBorder/config.ts';
import { ORDER_ID_PREFIX } from '../ids.ts';
import type { CustomsAdapter, CustomsOutcome, CustomsReceipt, ReceiptReading } from './adapter.ts';

/**
 * The sandbox plays customs inside the repo, like the payment sandbox plays the provider: it
 * takes a declaration and keeps no state; an operator decides it (sandboxDecideCustoms) and the
 * sandbox then POSTs a receipt signed with HMAC-SHA256 (the kit's signCallback over
 * `<timestamp>.<body>`) to CUSTOMS_SANDBOX_CALLBACK_URL, as a real customs platform would.
 */
export const CUSTOMS_SANDBOX = 'sandbox';
export const RECEIPT_SIGNATURE_HEADER = 'x-customs-signature';
export const RECEIPT_TIMESTAMP_HEADER = 'x-customs-timestamp';
const CALLBACK_TIMEOUT_MS = 10_000;

export const customsSandbox: CustomsAdapter = {
  name: CUSTOMS_SANDBOX,
  enabled: () => loadCrossBorderConfig().customsSandboxEnabled,
  // Derived from our id: submitting twice gives the same customs reference.
  submit: async (documents) => ({ customsReference: `CUS${documents.declarationId.slice(4)}` }),
  readReceipt({ rawBody, headers }): ReceiptReading {
    const config = loadCrossBorderConfig();
    const check = verifyCallback({
      secret: config.customsSandboxSecret,
      rawBody,
      signature: headers.get(RECEIPT_SIGNATURE_HEADER),
      timestamp: headers.get(RECEIPT_TIMESTAMP_HEADER),
      toleranceSeconds: config.receiptToleranceSeconds,
    });
    if (!check.ok) return { signature: check.reason, receipt: null, problem: `signature ${check.reason.toLowerCase()}` };
    const receipt = readReceiptBody(rawBody);
    return receipt ? { signature: 'VALID', receipt } : { signature: 'VALID', receipt: null, problem: 'unreadable receipt' };
  },
};

function readReceiptBody(rawBody: string): CustomsReceipt | null {
  let body: Partial<CustomsReceipt>;
  try {
    body = JSON.parse(rawBody) as Partial<CustomsReceipt>;
  } catch {
    return null;
  }
  const text = (v: unknown, max: number) => typeof v === 'string' && v.length > 0 && v.length <= max;
  if (!text(body.receiptId, 100) || !text(body.declarationId, 40) || !text(body.customsReference, 64)) return null;
  if (body.outcome !== 'CLEARED' && body.outcome !== 'REJECTED') return null;
  const reason = typeof body.reason === 'string' ? body.reason.slice(0, 500) : null;
  return { receiptId: body.receiptId!, declarationId: body.declarationId!, customsReference: body.customsReference!, outcome: body.outcome, reason };
}

/** A receipt the way the sandbox signs it: the sandbox sends it, tests forge or replay it. */
export function signedCustomsReceipt(
  receipt: Omit<CustomsReceipt, 'receiptId'> & { receiptId?: string },
  options: { secret?: string; timestampSeconds?: number } = {},
): { rawBody: string; headers: Headers } {
  const rawBody = JSON.stringify({ ...receipt, receiptId: receipt.receiptId ?? newId('cre') });
  const timestamp = options.timestampSeconds ?? Math.floor(Date.now() / 1000);
  const signature = signCallback(options.secret ?? loadCrossBorderConfig().customsSandboxSecret, timestamp, rawBody);
  return {
    rawBody,
    headers: new Headers({ 'content-type': 'application/json', [RECEIPT_SIGNATURE_HEADER]: signature, [RECEIPT_TIMESTAMP_HEADER]: String(timestamp) }),
  };
}

export const CUSTOMS_SANDBOX_OFF = 'The customs sandbox is off in production: it would clear goods no customs saw (SANDBOX_PROVIDERS=customs turns it on)';

/**
 * ADMIN `sandboxDecideCustoms`: the sandbox's officer decides a SUBMITTED declaration and the
 * sandbox posts its signed receipt to our hook over HTTP; the order is read back after it.
 */
export async function sandboxDecideCustoms(
  ctx: RequestContext,
  input: { orderId: string; outcome: CustomsOutcome; reason?: string | null },
): Promise<Result<OrderRow>> {
  if (!customsSandbox.enabled()) throw forbidden(CUSTOMS_SANDBOX_OFF);
  const problems = new Problems();
  const reason = optionalText(problems, input.reason, ['input', 'reason'], 'Reason', 500);
  if (!isId(ORDER_ID_PREFIX, input.orderId)) return problems.add(['input', 'orderId'], 'INVALID_ID', `"${input.orderId}" is not an order id`).refuse();
  if (problems.any) return problems.refuse();
  const [declaration] = await ctx.db.select().from(customsDeclarations).where(eq(customsDeclarations.orderId, input.orderId));
  if (!declaration || declaration.adapter !== CUSTOMS_SANDBOX)
    return problems.add(['input', 'orderId'], 'NOT_FOUND', `Order ${input.orderId} has no declaration at the sandbox customs`).refuse();
  if (declaration.status !== 'SUBMITTED' || !declaration.customsReference)
    return problems.add(['input', 'orderId'], 'INVALID_TRANSITION', `The declaration is ${declaration.status}: customs decides a SUBMITTED one`).refuse();
  const receipt = signedCustomsReceipt({
    declarationId: declaration.id,
    customsReference: declaration.customsReference,
    outcome: input.outcome,
    reason: input.outcome === 'REJECTED' ? (reason ?? 'rejected by the sandbox customs') : null,
  });
  const url = loadCrossBorderConfig().customsSandboxCallbackUrl;
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: withTraceparent(new Headers(receipt.headers)),
      body: receipt.rawBody,
      signal: AbortSignal.timeout(CALLBACK_TIMEOUT_MS),
    });
    await response.body?.cancel();
    if (response.status !== 200) return problems.add(null, 'PROVIDER_ERROR', `The receipt endpoint answered ${response.status}`).refuse();
  } catch (error) {
    logger(ctx).error('the customs sandbox could not deliver its receipt', { url, error });
    return problems.add(null, 'PROVIDER_ERROR', 'The customs sandbox could not reach the receipt endpoint').refuse();
  }
  const [order] = await ctx.db.select().from(orders).where(eq(orders.id, input.orderId));
  return ok(order!);
}
