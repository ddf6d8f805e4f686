import {
  businessDay,
  businessTimeZone,
  CURRENCY_CODES,
  financeService,
  ordersService,
  paymentsService,
  toMinor,
  toMoney,
  type CurrencyCode,
  type EventCatalog,
  type OrderPaidEvent,
  type RequestContext,
} from '@zhongtai/kit';
import { aggregateStore } from './aggregateStore.ts';
import { activeGeneration } from './generations.ts';
import { checkPeriod } from './period.ts';
import { ALL_SHOPS, salesStore } from './salesStore.ts';

/** A page row of the owning centers' replay queries (orders' soldOrders, payments' succeededRefunds). */
type SoldOrder = { id: string; status: string; paid: string };
type SucceededRefund = { id: string; refund: string };

/** Rows per page of the owning centers' replay queries (their most). */
const PAGE = 2000;
const DAY_MS = 86_400_000;

/**
 * salesFactsCheck: each rollup against the facts it sums (per key and measure), and the facts'
 * paid and refunded totals of the period against the owning centers' (orders' payable of the
 * orders paid on those business days; payments' refunds that succeeded on them), both asked
 * through the service client, paged. Zero differences expected.
 */
export async function checkSalesFacts(ctx: RequestContext, from: string, to: string) {
  checkPeriod(from, to);
  const generation = await activeGeneration(ctx.db);
  const rollupDifferences = await salesStore.rollupDifferences(ctx.db, generation, from, to);
  const sourceDifferences = await compareWithOwners(ctx, generation, from, to);
  const ledger = await compareWithLedger(ctx, generation, from, to);
  const ok = rollupDifferences.length === 0 && sourceDifferences.length === 0 && ledger.every((l) => l.recognizedByFacts.amount === l.ledgerRecognized.amount);
  return { from, to, ok, rollupDifferences, sourceDifferences, ledger };
}

/**
 * The period's net sales against the finance ledger's revenue. They differ by definition: a sale
 * counts when it is paid and a refund when it succeeds, while the ledger recognizes an order when
 * it completes (the customer's advance becomes the merchant's payable), net of the refunds before
 * that, and takes out refunds after completion when they succeed. So the check computes the
 * ledger's figure from the facts (recognizedByFacts) and expects it to equal the ledger's; net
 * sales are shown beside them, with the difference the timing makes.
 */
async function compareWithLedger(ctx: RequestContext, generation: number, from: string, to: string) {
  const { recognizedSales } = await ctx.services.call(financeService.recognizedSales, { from, to });
  const mine = await aggregateStore.recognizedAtCompletion(ctx.db, { generation, from, to, timeZone: businessTimeZone() });
  const totals = await salesStore.summary(ctx.db, { generation, groupBy: [], filter: { from, to }, scope: ALL_SHOPS, withCounts: false });
  const currencies = new Set<string>([...mine.keys(), ...totals.map((t) => t.currency), ...recognizedSales.map((r) => r.currencyCode)]);
  return [...currencies].sort().map((currency) => {
    const code = currency as CurrencyCode;
    const books = recognizedSales.find((r) => r.currencyCode === currency);
    const ledger = books ? toMinor({ ...books.completed, currencyCode: code }) - toMinor({ ...books.refundedAfterCompletion, currencyCode: code }) : 0n;
    const sums = totals.find((t) => t.currency === currency)?.measures;
    const net = sums ? sums.paid - sums.refunded : 0n;
    const recognizedByFacts = mine.get(currency) ?? 0n;
    return {
      currencyCode: code,
      netSales: toMoney(net, code),
      recognizedByFacts: toMoney(recognizedByFacts, code),
      ledgerRecognized: toMoney(ledger, code),
      timingDifference: toMoney(net - recognizedByFacts, code),
    };
  });
}

async function compareWithOwners(ctx: RequestContext, generation: number, from: string, to: string) {
  // A UTC window wide enough for any time zone; each row is then kept by its business day.
  const window = { from: new Date(Date.parse(from) - DAY_MS).toISOString(), to: new Date(Date.parse(to) + 2 * DAY_MS).toISOString() };
  const inPeriod = (at: string) => {
    const day = businessDay(at);
    return day >= from && day <= to;
  };
  const owners = { PAID: new Map<string, bigint>(), REFUNDED: new Map<string, bigint>() };
  const add = (map: Map<string, bigint>, currency: string, minor: bigint) => map.set(currency, (map.get(currency) ?? 0n) + minor);

  for (let after: string | null = null; ;) {
    const { soldOrders }: { soldOrders: SoldOrder[] } = await ctx.services.call(ordersService.soldOrders, {
      after,
      first: PAGE,
      paidFrom: window.from,
      paidTo: window.to,
    });
    for (const order of soldOrders) {
      const paid = JSON.parse(order.paid) as OrderPaidEvent;
      const currency = paid.money.currencyCode as CurrencyCode;
      if (inPeriod(paid.paidAt)) add(owners.PAID, currency, toMinor({ amount: paid.money.payable, currencyCode: currency }));
    }
    if (soldOrders.length < PAGE) break;
    after = soldOrders.at(-1)?.id ?? null;
  }
  for (let after: string | null = null; ;) {
    const page: SucceededRefund[] = (
      await ctx.services.call(paymentsService.succeededRefunds, { after, first: PAGE, succeededFrom: window.from, succeededTo: window.to })
    ).succeededRefunds;
    for (const { refund: text } of page) {
      const refund = JSON.parse(text) as EventCatalog['RefundSucceeded'];
      if (!inPeriod(refund.succeededAt)) continue;
      // A refund naming no line of an order never paid (money that came after its order closed) is no sale's refund.
      if (!refund.lines.length && !(await salesStore.factsOfOrder(ctx.db, generation, refund.orderId)).length) continue;
      const currency = refund.currencyCode as CurrencyCode;
      add(owners.REFUNDED, currency, toMinor({ amount: refund.amount, currencyCode: currency }));
    }
    if (page.length < PAGE) break;
    after = page.at(-1)?.id ?? null;
  }

  const totals = await salesStore.summary(ctx.db, { generation, groupBy: [], filter: { from, to }, scope: ALL_SHOPS, withCounts: false });
  const facts = { PAID: new Map<string, bigint>(), REFUNDED: new Map<string, bigint>() };
  for (const row of totals) {
    add(facts.PAID, row.currency, row.measures.paid);
    add(facts.REFUNDED, row.currency, row.measures.refunded);
  }
  const differences = [];
  for (const measure of ['PAID', 'REFUNDED'] as const) {
    for (const currency of CURRENCY_CODES) {
      const mine = facts[measure].get(currency) ?? 0n;
      const theirs = owners[measure].get(currency) ?? 0n;
      if (mine !== theirs) differences.push({ measure, currencyCode: currency, facts: toMoney(mine, currency), owners: toMoney(theirs, currency) });
    }
  }
  return differences;
}
