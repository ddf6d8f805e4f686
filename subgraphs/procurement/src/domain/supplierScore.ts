/**
 * 优选供应商: which of the suppliers offering a SKU to prefer. Each candidate is scored against
 * the best offer on the table, so the score does not depend on currency scale:
 *
 *   priceScore  = lowest unit price / this unit price          (1 for the cheapest; 1 when both are 0)
 *   leadScore   = (shortest lead time + 1) / (this lead time + 1)   (1 for the fastest)
 *   ratingScore = supplier rating / 100                         (UNRATED_SCORE / 100 with no facts yet)
 *
 *   score = 0.5 × priceScore + 0.3 × ratingScore + 0.2 × leadScore      (0..1)
 *
 * The highest score wins; a tie goes to the lower price, then the shorter lead time, then the
 * lower supplier id (deterministic).
 */
export const SCORE_WEIGHTS = { price: 0.5, rating: 0.3, leadTime: 0.2 } as const;
/** A supplier with no deliveries yet is treated as fair, not perfect: it must earn the top rating. */
export const UNRATED_SCORE = 70;

export interface SupplyCandidate {
  supplierId: string;
  unitPrice: bigint;
  leadTimeDays: number;
  /** 0..100, or null when the supplier has no deliveries to be rated on. */
  rating: number | null;
}

export interface ScoredCandidate<C extends SupplyCandidate> {
  candidate: C;
  score: number;
  priceScore: number;
  leadScore: number;
  ratingScore: number;
}

export function scoreCandidates<C extends SupplyCandidate>(candidates: readonly C[]): ScoredCandidate<C>[] {
  const [head] = candidates;
  if (!head) return [];
  const lowest = candidates.reduce((m, c) => (c.unitPrice < m ? c.unitPrice : m), head.unitPrice);
  const fastest = Math.min(...candidates.map((c) => c.leadTimeDays));
  const scored = candidates.map((candidate) => {
    const priceScore = candidate.unitPrice === 0n ? 1 : Number(lowest) / Number(candidate.unitPrice);
    const leadScore = (fastest + 1) / (candidate.leadTimeDays + 1);
    const ratingScore = (candidate.rating ?? UNRATED_SCORE) / 100;
    const score = SCORE_WEIGHTS.price * priceScore + SCORE_WEIGHTS.rating * ratingScore + SCORE_WEIGHTS.leadTime * leadScore;
    return { candidate, score, priceScore, leadScore, ratingScore };
  });
  return scored.sort(
    (a, b) =>
      b.score - a.score ||
      (a.candidate.unitPrice < b.candidate.unitPrice ? -1 : a.candidate.unitPrice > b.candidate.unitPrice ? 1 : 0) ||
      a.candidate.leadTimeDays - b.candidate.leadTimeDays ||
      (a.candidate.supplierId < b.candidate.supplierId ? -1 : 1),
  );
}

/** The preferred candidate, or null when nobody offers the SKU. */
export function preferredCandidate<C extends SupplyCandidate>(candidates: readonly C[]): C | null {
  return scoreCandidates(candidates)[0]?.candidate ?? null;
}
