/**
 * 佣金规则: which rate applies to a line. A rate for the line's category (or the nearest of its
 * ancestors) wins over the shop's rate; among rates of the same target the latest one in effect
 * at `at` applies; with none, the platform's default. Plain data in, basis points out.
 */
export interface RateRule {
  shopId: string | null;
  categoryId: string | null;
  rateBps: number;
  effectiveFrom: Date;
}

export function commissionBpsFor(rules: readonly RateRule[], line: { shopId: string; categoryPath: readonly string[]; at: Date }, defaultBps: number): number {
  const inForce = (r: RateRule) => r.effectiveFrom.getTime() <= line.at.getTime();
  const latest = (candidates: RateRule[]) => candidates.sort((a, b) => b.effectiveFrom.getTime() - a.effectiveFrom.getTime())[0];
  // The category itself is last in the path: walk from it up to the root.
  for (const categoryId of [...line.categoryPath].reverse()) {
    const found = latest(rules.filter((r) => r.categoryId === categoryId && inForce(r)));
    if (found) return found.rateBps;
  }
  const shop = latest(rules.filter((r) => r.shopId === line.shopId && r.categoryId === null && inForce(r)));
  return shop?.rateBps ?? defaultBps;
}
