import { allocate, CURRENCY_EXPONENT, ok, Problems, toMoney, type Result } from '@zhongtai/kit';
import { couponDiscount, covers, percentOf, promotionDiscount } from './rules.ts';
import type { Discount, PricedCart, PricedLine, PricingInput, PromotionRule } from './types.ts';

/**
 * The price calculation. Stacking rules, in the order they apply:
 *
 * 1. Flash sale (秒杀): a line whose SKU is in a running flash sale is priced at the flash price
 *    (the difference is a FLASH_SALE discount). It is that line's one promotion: it takes no other
 *    promotion, no member-level discount and no coupon. A quantity beyond what is left of the sale
 *    or beyond the member's allowance is refused (SOLD_OUT / LIMIT_REACHED), never half-priced.
 * 2. Promotions (满减 tiers, percent off): at most ONE per line. Shop promotions come first: each
 *    shop's own promotions are matched against its lines before any platform promotion is, so a
 *    platform promotion covers only the lines no shop promotion took. Within each of the two rounds
 *    the promotion giving the largest discount over the lines still free takes them (ties: the
 *    earlier promotion id), then the next, until none gives anything. A promotion that reaches no
 *    tier takes no lines.
 * 3. Member level (会员价): lines with no flash sale and no promotion get the level's percent off.
 * 4. Coupon: at most ONE per order, platform or shop alike. It covers the lines in its scope that
 *    have no flash sale; its threshold is checked against those lines' amount after steps 1-3.
 * 5. Points: after everything else, worth 1/pointsPerCurrencyUnit of a currency unit each, up to
 *    maxPointsDeductionPercent of what is left; only whole minor units are deducted and only the
 *    points that pay for them are used.
 *
 * Every discount is spread over the lines it covers by largest remainder (kit `allocate`),
 * weighted by each line's amount at that step, so line shares sum to the discount exactly.
 */
/** A discount names its campaign only when its rule has one (discounts without keep their shape). */
const campaignOf = (rule: { campaignId?: string | null }) => (rule.campaignId ? { campaignId: rule.campaignId } : {});

export function priceCart(input: PricingInput): Result<PricedCart> {
  const problems = new Problems();
  const money = (minor: bigint) => `${toMoney(minor, input.currencyCode).amount} ${input.currencyCode}`;
  const lines: PricedLine[] = input.lines.map((line) => {
    const listAmount = line.unitPrice * BigInt(line.quantity);
    return { ...line, listAmount, flashSaleId: null, discounts: [], finalAmount: listAmount };
  });
  const give = (line: PricedLine, discount: Discount) => {
    if (discount.amount === 0n) return;
    line.discounts.push(discount);
    line.finalAmount -= discount.amount;
  };
  const spread = (covered: PricedLine[], amount: bigint, what: Omit<Discount, 'amount'>) =>
    allocate(
      amount,
      covered.map((l) => l.finalAmount),
    ).forEach((share, i) => give(covered[i]!, { ...what, amount: share }));

  // 1. Flash sales.
  lines.forEach((line, i) => {
    const sale = input.flashSales.filter((s) => s.skuId === line.skuId && s.price < line.unitPrice).sort((a, b) => (a.price < b.price ? -1 : 1))[0];
    if (!sale) return;
    if (line.quantity > sale.remaining)
      return void problems.add(['input', 'lines', String(i), 'quantity'], 'SOLD_OUT', `Only ${sale.remaining} left at the flash-sale price of ${sale.name}`);
    if (line.quantity > sale.memberAllowance)
      return void problems.add(
        ['input', 'lines', String(i), 'quantity'],
        'LIMIT_REACHED',
        `At most ${sale.memberAllowance} more at the flash-sale price of ${sale.name}`,
      );
    line.flashSaleId = sale.id;
    give(line, {
      source: 'FLASH_SALE',
      id: sale.id,
      name: sale.name,
      funder: 'SHOP',
      amount: (line.unitPrice - sale.price) * BigInt(line.quantity),
      ...campaignOf(sale),
    });
  });

  // 2. Promotions: shop round, then platform round.
  const promoted = new Set<PricedLine>();
  for (const round of [input.promotions.filter((p) => p.scope.ownerShopId), input.promotions.filter((p) => !p.scope.ownerShopId)]) {
    for (;;) {
      const best = bestPromotion(
        round,
        lines.filter((l) => !l.flashSaleId && !promoted.has(l)),
      );
      if (!best) break;
      spread(best.covered, best.amount, {
        source: 'PROMOTION',
        id: best.rule.id,
        name: best.rule.name,
        funder: best.rule.scope.ownerShopId ? 'SHOP' : 'PLATFORM',
        ...campaignOf(best.rule),
      });
      best.covered.forEach((l) => promoted.add(l));
    }
  }

  // 3. Member level.
  const { member } = input;
  if (member.discountPercent > 0 && member.levelId) {
    for (const line of lines) {
      if (line.flashSaleId || promoted.has(line)) continue;
      give(line, {
        source: 'MEMBER_LEVEL',
        id: member.levelId,
        name: member.levelName ?? 'Member level',
        funder: 'PLATFORM',
        amount: percentOf(line.finalAmount, member.discountPercent),
      });
    }
  }

  // 4. Coupon.
  let couponDiscountTotal = 0n;
  const coupon = input.coupon;
  if (coupon) {
    const covered = lines.filter((l) => !l.flashSaleId && covers(coupon.scope, l) && l.finalAmount > 0n);
    const base = covered.reduce((sum, l) => sum + l.finalAmount, 0n);
    const amount = covered.length ? couponDiscount(coupon, base) : 'OUT_OF_SCOPE';
    if (amount === 'OUT_OF_SCOPE') problems.add(['input', 'couponCode'], 'OUT_OF_SCOPE', `Coupon ${coupon.name} covers none of the items in this cart`);
    else if (amount === 'BELOW_THRESHOLD')
      problems.add(
        ['input', 'couponCode'],
        'BELOW_THRESHOLD',
        `Coupon ${coupon.name} needs ${money(coupon.minSpend)} of covered items; the cart has ${money(base)}`,
      );
    else {
      couponDiscountTotal = amount;
      spread(covered, amount, { source: 'COUPON', id: coupon.id, name: coupon.name, funder: coupon.scope.ownerShopId ? 'SHOP' : 'PLATFORM' });
    }
  }

  // 5. Points.
  let pointsUsed = 0;
  let pointsDeduction = 0n;
  if (input.pointsToUse < 0 || !Number.isInteger(input.pointsToUse))
    problems.add(['input', 'pointsToUse'], 'OUT_OF_RANGE', 'Points must be a whole number, zero or more');
  else if (input.pointsToUse > member.pointsBalance)
    problems.add(['input', 'pointsToUse'], 'INSUFFICIENT_POINTS', `The member has ${member.pointsBalance} points`);
  else if (input.pointsToUse > 0) {
    const unit = 10n ** BigInt(CURRENCY_EXPONENT[input.currencyCode]);
    const perUnit = BigInt(member.pointsPerCurrencyUnit);
    const left = lines.reduce((sum, l) => sum + l.finalAmount, 0n);
    const cap = (left * BigInt(member.maxPointsDeductionPercent)) / 100n;
    const worth = (BigInt(input.pointsToUse) * unit) / perUnit;
    pointsDeduction = worth < cap ? worth : cap;
    pointsUsed = Number((pointsDeduction * perUnit + unit - 1n) / unit);
    if (pointsDeduction > 0n)
      spread(
        lines.filter((l) => l.finalAmount > 0n),
        pointsDeduction,
        { source: 'POINTS', id: member.memberId, name: 'Points', funder: 'PLATFORM' },
      );
  }

  if (problems.any) return problems.refuse();
  const subtotal = lines.reduce((sum, l) => sum + l.listAmount, 0n);
  const total = lines.reduce((sum, l) => sum + l.finalAmount, 0n);
  return ok({
    lines,
    subtotal,
    discountTotal: subtotal - total,
    total,
    couponId: coupon?.id ?? null,
    couponTemplateId: coupon?.templateId ?? null,
    couponDiscount: couponDiscountTotal,
    pointsUsed,
    pointsDeduction,
    freeShipping: member.freeShipping,
  });
}

function bestPromotion(rules: PromotionRule[], free: PricedLine[]) {
  let best: { rule: PromotionRule; covered: PricedLine[]; amount: bigint } | undefined;
  for (const rule of [...rules].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const covered = free.filter((l) => covers(rule.scope, l) && l.finalAmount > 0n);
    const amount = promotionDiscount(
      rule,
      covered.reduce((sum, l) => sum + l.finalAmount, 0n),
    );
    if (amount > 0n && (!best || amount > best.amount)) best = { rule, covered, amount };
  }
  return best;
}
