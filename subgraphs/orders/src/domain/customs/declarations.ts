import { and, eq } from 'drizzle-orm';
import { logger, newId, toMoney, type CurrencyCode, type Db, type RequestContext, type RouteResponse } from '@zhongtai/kit';
import { crossBorderBuyers, customsDeclarations, type CustomsDeclarationRow } from '../../db/crossBorderTables.ts';
import { orderLines, orders, type OrderRow } from '../../db/tables.ts';
import { cancelAndRefund } from '../cancellation.ts';
import { openIdentity } from '../crossBorder/identityCipher.ts';
import { maskRealName, maskResidentId } from '../crossBorder/residentId.ts';
import { CUSTOMS_DECLARATION_ID_PREFIX } from '../ids.ts';
import type { CustomsAdapter, CustomsDocuments, CustomsReceipt } from './adapter.ts';
import { customsSandbox } from './sandbox.ts';

export const SUBMIT_CUSTOMS_JOB = 'submitCustomsDeclaration';

/** The adapter new declarations go through; the sandbox until a real customs platform is connected. */
const currentAdapter = (): CustomsAdapter => customsSandbox;
const adapters: Record<string, CustomsAdapter> = { [customsSandbox.name]: customsSandbox };

/**
 * A cross-border order was paid (in the payment handler's transaction): its declaration is opened
 * PENDING with the payment document, and a job submits it after the commit (a handler never
 * calls out). Once per order.
 */
export async function openDeclaration(ctx: RequestContext, tx: Db, order: OrderRow, payment: { paymentId: string; paidAt: string }): Promise<void> {
  const id = newId(CUSTOMS_DECLARATION_ID_PREFIX);
  const [opened] = await tx
    .insert(customsDeclarations)
    .values({ id, orderId: order.id, adapter: currentAdapter().name, paymentId: payment.paymentId, paidAt: new Date(payment.paidAt) })
    .onConflictDoNothing()
    .returning({ id: customsDeclarations.id });
  if (opened) await ctx.events.schedule(tx, SUBMIT_CUSTOMS_JOB, { declarationId: id }, { singletonKey: `customs-${order.id}` });
}

/**
 * The job: builds the order, payment and logistics documents with the buyer's identity (opened
 * here, only to go to customs) and submits them; SUBMITTED with customs' reference. Stored with
 * the identity masked. Idempotent: a declaration no longer PENDING is left alone, and the adapter
 * gives the same reference twice.
 */
export async function submitDeclaration(ctx: RequestContext, declarationId: string): Promise<void> {
  const [declaration] = await ctx.db.select().from(customsDeclarations).where(eq(customsDeclarations.id, declarationId));
  if (!declaration || declaration.status !== 'PENDING') return;
  const documents = await declarationDocuments(ctx, declaration);
  const adapter = adapters[declaration.adapter];
  if (!adapter?.enabled()) throw new Error(`customs adapter ${declaration.adapter} is not available: declaration ${declarationId} waits`);
  const { customsReference } = await adapter.submit(documents);
  const masked = { ...documents, buyer: { realName: maskRealName(documents.buyer.realName), idNumber: maskResidentId(documents.buyer.idNumber) } };
  await ctx.db
    .update(customsDeclarations)
    .set({ status: 'SUBMITTED', customsReference, submittedAt: ctx.now(), documents: masked, updatedAt: ctx.now() })
    .where(and(eq(customsDeclarations.id, declarationId), eq(customsDeclarations.status, 'PENDING')));
}

async function declarationDocuments(ctx: RequestContext, declaration: CustomsDeclarationRow): Promise<CustomsDocuments> {
  const [order] = await ctx.db.select().from(orders).where(eq(orders.id, declaration.orderId));
  const [buyer] = await ctx.db.select().from(crossBorderBuyers).where(eq(crossBorderBuyers.orderId, declaration.orderId));
  if (!order || !buyer || !order.crossBorderMode) throw new Error(`declaration ${declaration.id}: its order is not a cross-border order`);
  const lines = await ctx.db.select().from(orderLines).where(eq(orderLines.orderId, order.id));
  const text = (minor: bigint) => toMoney(minor, order.currency as CurrencyCode).amount;
  return {
    declarationId: declaration.id,
    order: {
      orderId: order.id,
      orderNumber: order.orderNumber,
      mode: order.crossBorderMode,
      currency: order.currency,
      goodsValue: text(buyer.customsValue - order.freightAmount),
      freight: text(order.freightAmount),
      tax: text(order.taxAmount),
      payable: text(order.payableAmount),
      lines: lines
        .sort((a, b) => a.position - b.position)
        .map((l) => ({ skuCode: l.skuCode, name: l.spuName, quantity: l.quantity, unitPrice: text(l.unitPrice), finalAmount: text(l.finalAmount) })),
    },
    payment: { paymentId: declaration.paymentId, amount: text(order.payableAmount), paidAt: declaration.paidAt.toISOString() },
    logistics: {
      mode: order.crossBorderMode,
      consignee: order.address.receiver,
      phone: order.address.phone,
      province: order.address.province,
      city: order.address.city,
      district: order.address.district,
      detail: order.address.detail,
    },
    buyer: { realName: openIdentity(buyer.realNameSealed), idNumber: openIdentity(buyer.idNumberSealed) },
  };
}

/**
 * POST /hooks/orders/customs/<adapter>/receipt: customs' signed answer. A bad or missing signature
 * changes nothing (401). A valid receipt moves a SUBMITTED declaration once: CLEARED announces
 * CustomsCleared (fulfillment releases the held notices); REJECTED cancels the order and refunds
 * it through the cancellation path. A replay of a decided one answers 200 and changes nothing.
 */
export async function receiveReceipt(ctx: RequestContext, adapter: CustomsAdapter, request: { rawBody: string; headers: Headers }): Promise<RouteResponse> {
  const reading = adapter.readReceipt(request);
  if (!reading.receipt) {
    logger(ctx).warn('customs receipt refused', { adapter: adapter.name, signature: reading.signature, problem: reading.problem });
    return reading.signature === 'VALID' ? { status: 400, body: { error: reading.problem } } : { status: 401, body: { error: 'bad signature' } };
  }
  const receipt = reading.receipt;
  const [declaration] = await ctx.db.select().from(customsDeclarations).where(eq(customsDeclarations.id, receipt.declarationId));
  if (!declaration || declaration.adapter !== adapter.name || declaration.customsReference !== receipt.customsReference)
    return { status: 404, body: { error: 'unknown declaration' } };
  await ctx.db.transaction((tx) => decide(ctx, tx, declaration, receipt));
  const [after] = await ctx.db.select().from(customsDeclarations).where(eq(customsDeclarations.id, declaration.id));
  return { status: 200, body: { declarationId: declaration.id, status: after!.status } };
}

async function decide(ctx: RequestContext, tx: Db, declaration: CustomsDeclarationRow, receipt: CustomsReceipt): Promise<void> {
  const now = ctx.now();
  const [decided] = await tx
    .update(customsDeclarations)
    .set({ status: receipt.outcome, reason: receipt.reason, decidedAt: now, updatedAt: now })
    .where(and(eq(customsDeclarations.id, declaration.id), eq(customsDeclarations.status, 'SUBMITTED')))
    .returning();
  if (!decided) return;
  const [order] = await tx.select().from(orders).where(eq(orders.id, declaration.orderId));
  if (!order) return;
  if (receipt.outcome === 'CLEARED') {
    await ctx.events.publish(tx, 'CustomsCleared', { orderId: order.id, shopId: order.shopId, declarationId: declaration.id, clearedAt: now.toISOString() });
    return;
  }
  const cancelled = await cancelAndRefund(ctx, tx, order, `customs rejected the declaration: ${receipt.reason ?? 'no reason given'}`);
  // Shipped meanwhile cannot happen (nothing ships before clearance); say so loudly if it ever does.
  if (!cancelled.ok) logger(ctx).error('a rejected cross-border order could not be cancelled', { orderId: order.id, status: order.status });
}

/** The declaration of an order, for Order.crossBorder. */
export async function declarationOf(ctx: RequestContext, orderId: string): Promise<CustomsDeclarationRow | null> {
  const [row] = await ctx.db.select().from(customsDeclarations).where(eq(customsDeclarations.orderId, orderId));
  return row ?? null;
}

export { adapters as customsAdapters };
