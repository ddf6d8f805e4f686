import { and, asc, count, eq } from 'drizzle-orm';
import { DEMO_MEMBER_ID, newId, type CenterHost, type RequestContext, type RouteResponse, type TokenInput } from '@zhongtai/kit';
import { mustOk, openTestWorld, testRunTag, TEST_SERVICE as SERVICE, type TestDatabase } from '@zhongtai/kit/testing';
import { outbox, payments, providerCallbacks, type PaymentPurpose, type PaymentRow } from '../src/db/tables.ts';
import { createPayment } from '../src/domain/createPayment.ts';
import { paymentsCenter } from '../src/index.ts';
import { signedSandboxCallback } from '../src/providers/sandbox.ts';

/** One host per test file on its own database (in-memory PGlite, or a fresh PostgreSQL database with DATABASE_URL). */
export const RUN = testRunTag();
export {
  TEST_ADMIN as ADMIN,
  TEST_ANALYST as ANALYST,
  TEST_SERVICE as SERVICE,
  TEST_CUSTOMER as CUSTOMER,
  testCustomer as customerOf,
} from '@zhongtai/kit/testing';

export interface World {
  host: CenterHost;
  testDb: TestDatabase;
  close(): Promise<void>;
  /** A fresh context per call: loaders cache per request, and a test step is a request. */
  as(token: TokenInput): Promise<RequestContext>;
  /** A PENDING sandbox payment of a fresh order. */
  pending(options?: { amount?: string; memberId?: string; purpose?: PaymentPurpose; orderId?: string }): Promise<PaymentRow>;
  /** Delivers a callback to the center's hook route, as the gateway would hand it over. */
  deliver(callback: { rawBody: string; headers: Headers }): Promise<RouteResponse>;
  /** A success callback for the payment, signed like the sandbox signs it. */
  successFor(payment: PaymentRow, overrides?: { eventId?: string; amount?: string; currency?: string }): { rawBody: string; headers: Headers };
  reload(id: string): Promise<PaymentRow>;
  eventsOf(topic: string, key: string): Promise<Record<string, unknown>[]>;
  callbacksOf(paymentId: string): Promise<{ result: string; signature: string }[]>;
}

export async function openWorld(): Promise<World> {
  const world = await openTestWorld({ centers: [paymentsCenter], events: true });
  const { host, testDb } = world;
  const db = host.database.forCenter('payments');
  const as = (token: TokenInput) => world.as(token);
  let orders = 0;
  return {
    host,
    testDb,
    close: () => world.close().catch(() => {}),
    as,
    async pending(options = {}) {
      return mustOk(
        await createPayment(await as(SERVICE), {
          orderId: options.orderId ?? `ord-${RUN}-${++orders}`,
          memberId: options.memberId ?? DEMO_MEMBER_ID,
          purpose: options.purpose ?? 'FULL',
          amount: { amount: options.amount ?? '100.00', currencyCode: 'CNY' },
          idempotencyKey: newId('key'),
        }),
      );
    },
    async deliver({ rawBody, headers }) {
      const response = await host.center('payments').handleRoute('POST', '/sandbox/callback', { rawBody, headers, query: new URLSearchParams() });
      if (!response) throw new Error('no callback route');
      return response;
    },
    successFor(payment, overrides = {}) {
      return signedSandboxCallback({
        eventId: overrides.eventId,
        type: 'payment.succeeded',
        providerPaymentId: payment.providerPaymentId,
        amount: overrides.amount ?? payment.amount.toString(),
        currency: overrides.currency ?? payment.currencyCode,
      });
    },
    async reload(id) {
      const [row] = await db.select().from(payments).where(eq(payments.id, id));
      return row!;
    },
    async eventsOf(topic, key) {
      const rows = await db
        .select()
        .from(outbox)
        .where(and(eq(outbox.kind, 'event'), eq(outbox.topic, topic)))
        .orderBy(asc(outbox.id));
      return rows.map((r) => r.payload as Record<string, unknown>).filter((p) => p.paymentId === key || p.refundId === key);
    },
    async callbacksOf(paymentId) {
      return db
        .select({ result: providerCallbacks.result, signature: providerCallbacks.signature })
        .from(providerCallbacks)
        .where(eq(providerCallbacks.paymentId, paymentId))
        .orderBy(asc(providerCallbacks.receivedAt), asc(providerCallbacks.id));
    },
  };
}

export async function countCallbacks(world: World, eventId: string): Promise<number> {
  const db = world.host.database.forCenter('payments');
  const [row] = await db.select({ n: count() }).from(providerCallbacks).where(eq(providerCallbacks.eventId, eventId));
  return row?.n ?? 0;
}
