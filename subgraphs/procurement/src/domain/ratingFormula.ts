/**
 * 供应商评分: a supplier's rating from what its deliveries did, 0..100.
 *
 *   onTimeRate  = deliveries put away by the purchase order's due date (sent + lead time) / deliveries
 *   fillRate    = units received / units ordered, over its purchase orders that are RECEIVED or CLOSED (capped at 1)
 *   qualityRate = good units / (good + damaged) units received
 *
 *   rating = 100 × (0.4 × onTimeRate + 0.3 × fillRate + 0.3 × qualityRate), over the rates that
 *            have facts (their weights re-normalised); null with no facts at all.
 *
 * Not yet measured: the drop-ship shipping delay (payment to the supplier's parcel), which needs
 * fulfillment's shipments per supplier.
 */
export const RATING_WEIGHTS = { onTime: 0.4, fill: 0.3, quality: 0.3 } as const;

export interface RatingFacts {
  deliveries: number;
  onTimeDeliveries: number;
  unitsOrdered: number;
  unitsReceived: number;
  unitsGood: number;
  unitsDamaged: number;
}

export interface Rating {
  onTimeRate: number | null;
  fillRate: number | null;
  qualityRate: number | null;
  score: number | null;
}

export function rateSupplier(f: RatingFacts): Rating {
  const onTimeRate = f.deliveries > 0 ? f.onTimeDeliveries / f.deliveries : null;
  const fillRate = f.unitsOrdered > 0 ? Math.min(f.unitsReceived / f.unitsOrdered, 1) : null;
  const units = f.unitsGood + f.unitsDamaged;
  const qualityRate = units > 0 ? f.unitsGood / units : null;
  const parts: [number | null, number][] = [
    [onTimeRate, RATING_WEIGHTS.onTime],
    [fillRate, RATING_WEIGHTS.fill],
    [qualityRate, RATING_WEIGHTS.quality],
  ];
  const known = parts.filter(([rate]) => rate !== null) as [number, number][];
  const weight = known.reduce((s, [, w]) => s + w, 0);
  const score = known.length ? Math.round((100 * known.reduce((s, [rate, w]) => s + rate * w, 0)) / weight) : null;
  return { onTimeRate, fillRate, qualityRate, score };
}
