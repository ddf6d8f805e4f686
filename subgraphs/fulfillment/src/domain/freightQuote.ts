import { badUserInput, parseMoney, Problems, toMoney, type CurrencyCode, type RequestContext } from '@zhongtai/kit';
import type { fulfillmentService } from '@zhongtai/kit';
import { computeFreight, type FreightLine } from './freight.ts';
import { defaultTemplateOf } from './freightTemplates.ts';

type FreightQuoteInput = fulfillmentService.FreightQuoteInput;
type FreightQuote = fulfillmentService.FreightQuote;

/**
 * Checkout's freight quote (SERVICE only): the shop's default template prices the cart. A shop
 * without a template ships free everywhere. Lines in another currency than the template's
 * cannot be compared with its thresholds and prices: that cart is not deliverable, with a reason.
 */
export async function quoteFreight(ctx: RequestContext, input: FreightQuoteInput): Promise<FreightQuote> {
  const problems = new Problems();
  const lines: FreightLine[] = input.lines.map((line, i) => {
    const field = ['input', 'lines', String(i)];
    problems.check(Number.isInteger(line.quantity) && line.quantity > 0, [...field, 'quantity'], 'OUT_OF_RANGE', 'Quantity must be at least 1');
    problems.check(line.weightGrams >= 0 && line.volumeCm3 >= 0, field, 'NEGATIVE', 'Weight and volume cannot be negative');
    return { ...line, amount: parseMoney(line.amount, problems, [...field, 'amount']) ?? 0n };
  });
  const currencies = new Set(input.lines.map((l) => l.amount.currencyCode));
  problems.check(currencies.size <= 1, ['input', 'lines'], 'CURRENCY_MISMATCH', 'All lines of one shop order are in one currency');
  if (problems.any) throw badUserInput(problems.errors.map((e) => e.message).join('; '));
  const currency: CurrencyCode = input.lines[0]?.amount.currencyCode ?? 'CNY';

  const found = await defaultTemplateOf(ctx.db, input.shopId);
  if (!found) return { deliverable: true, reason: null, freight: toMoney(0n, currency), templateId: null };
  const { template, rules } = found;
  const anyShipped = lines.some((l) => l.productType !== 'SERVICE');
  if (anyShipped && template.currencyCode !== currency) {
    return {
      deliverable: false,
      reason: `This shop charges freight in ${template.currencyCode}, not ${currency}`,
      freight: toMoney(0n, currency),
      templateId: template.id,
    };
  }
  const result = computeFreight({ ...template, rules }, input.address.province, lines);
  if (!result.deliverable) return { deliverable: false, reason: result.reason, freight: toMoney(0n, currency), templateId: template.id };
  return { deliverable: true, reason: null, freight: toMoney(result.freight, currency), templateId: template.id };
}
