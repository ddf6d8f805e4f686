import { isId, parseMoney, requiredText, type CurrencyCode, type MoneyInput, type Problems } from '@zhongtai/kit';
import type { RefundLineAllocation } from '../db/tables.ts';
import { PAYMENT_ID_PREFIX } from './ids.ts';

export interface RefundPaymentInput {
  paymentId: string;
  amount: MoneyInput;
  reason: string;
  idempotencyKey: string;
  lines?: { orderLineId: string; amount: MoneyInput }[] | null;
  /** The cross-border tax in `amount`, beside the lines. */
  taxAmount?: MoneyInput | null;
}

export interface RefundRequest {
  paymentId: string;
  amount: bigint;
  currencyCode: CurrencyCode;
  reason: string;
  idempotencyKey: string;
  lines: RefundLineAllocation[];
  tax: bigint;
}

const MAX_LINES = 500;

/** Checks a refund request on its own (no database): amounts, and lines that add up to the total. */
export function readRefundRequest(problems: Problems, input: RefundPaymentInput): RefundRequest | undefined {
  const paymentId = input.paymentId;
  problems.check(isId(PAYMENT_ID_PREFIX, paymentId), ['input', 'paymentId'], 'INVALID_ID', `"${paymentId}" is not a payment id`);
  const amount = parseMoney(input.amount, problems, ['input', 'amount']);
  if (amount !== undefined) problems.check(amount > 0n, ['input', 'amount', 'amount'], 'OUT_OF_RANGE', 'A refund is for more than zero');
  const reason = requiredText(problems, input.reason, ['input', 'reason'], 'Reason', 500);
  const idempotencyKey = requiredText(problems, input.idempotencyKey, ['input', 'idempotencyKey'], 'Idempotency key', 200);
  const tax = readTax(problems, input, amount);
  const lines = readLines(problems, input, amount === undefined ? undefined : amount - tax);
  if (problems.any || amount === undefined || !reason || !idempotencyKey || !lines) return undefined;
  return { paymentId, amount, currencyCode: input.amount.currencyCode, reason, idempotencyKey, lines, tax };
}

function readTax(problems: Problems, input: RefundPaymentInput, total: bigint | undefined): bigint {
  if (!input.taxAmount) return 0n;
  const field = ['input', 'taxAmount'];
  if (
    !problems.check(
      input.taxAmount.currencyCode === input.amount.currencyCode,
      [...field, 'currencyCode'],
      'CURRENCY_MISMATCH',
      'The tax is in the refund currency',
    )
  )
    return 0n;
  const tax = parseMoney(input.taxAmount, problems, field) ?? 0n;
  problems.check(tax >= 0n, [...field, 'amount'], 'OUT_OF_RANGE', 'The tax given back is not negative');
  if (total !== undefined) problems.check(tax <= total, [...field, 'amount'], 'OUT_OF_RANGE', 'The tax is part of the refund amount');
  return tax;
}

function readLines(problems: Problems, input: RefundPaymentInput, total: bigint | undefined): RefundLineAllocation[] | undefined {
  const given = input.lines ?? [];
  if (!problems.check(given.length <= MAX_LINES, ['input', 'lines'], 'TOO_MANY', `At most ${MAX_LINES} lines`)) return undefined;
  const seen = new Set<string>();
  const lines: RefundLineAllocation[] = [];
  let sum = 0n;
  given.forEach((line, i) => {
    const field = ['input', 'lines', String(i)];
    const orderLineId = requiredText(problems, line.orderLineId, [...field, 'orderLineId'], 'Order line id', 40);
    if (orderLineId && !problems.check(!seen.has(orderLineId), [...field, 'orderLineId'], 'DUPLICATE', `Order line ${orderLineId} is listed twice`)) return;
    if (orderLineId) seen.add(orderLineId);
    if (
      !problems.check(
        line.amount.currencyCode === input.amount.currencyCode,
        [...field, 'amount', 'currencyCode'],
        'CURRENCY_MISMATCH',
        'Lines are in the refund currency',
      )
    )
      return;
    const amount = parseMoney(line.amount, problems, [...field, 'amount']);
    if (amount === undefined || !problems.check(amount > 0n, [...field, 'amount', 'amount'], 'OUT_OF_RANGE', 'A line refund is for more than zero')) return;
    sum += amount;
    if (orderLineId) lines.push({ orderLineId, amount: amount.toString() });
  });
  if (given.length && total !== undefined && !problems.any) {
    problems.check(sum === total, ['input', 'lines'], 'INVALID', 'The lines (with the tax) must add up to the refund amount');
  }
  return problems.any ? undefined : lines;
}
