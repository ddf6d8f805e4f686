/**
 * 跨境电商综合税: within the limits the customs duty is 0 and the import VAT and consumption tax are
 * levied at 70%: (0 + VAT + consumption tax) x 70%, 9.1% with the defaults. Rates in basis points;
 * the tax of an amount in minor units, rounded half up to the minor unit.
 */
export function comprehensiveTaxBps(rates: { vatBps: number; consumptionTaxBps: number; taxShareBps: number }): number {
  return ((rates.vatBps + rates.consumptionTaxBps) * rates.taxShareBps) / 10_000;
}

export function crossBorderTax(amount: bigint, rates: { vatBps: number; consumptionTaxBps: number; taxShareBps: number }): bigint {
  if (amount <= 0n) return 0n;
  // Exact in integers: amount x (vat + consumption) x share / 10^8, half up.
  const numerator = amount * BigInt(rates.vatBps + rates.consumptionTaxBps) * BigInt(rates.taxShareBps);
  return (numerator + 50_000_000n) / 100_000_000n;
}
