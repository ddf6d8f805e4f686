/**
 * 供应商评分: a supplier's rating from what its deliveries did, 0..100.
 *
 *   onTimeRate  = deliveries put away by the purchase order's due date (sent + lead time) / deliveries
 *   fillRate    = units received / units ordered, over its purchase orders that are RECEIVED or CLOSED (capped at 1)
 *   qualityRate = good units / (good + damaged) units received
 *
 *   dropShipRate = drop-shipped lines whose parcel left within DROP_SHIP_DEADLINE_HOURS of payment / drop-shipped lines shipped
 *
 *   rating = 100 × (0.4 × onTimeRate + 0.3 × fillRate + 0.3 × qualityRate + 0.2 × dropShipRate)
 *            / (the sum of the weights of the rates that have facts); null with no facts at all.
 */
export const RATING_WEIGHTS = { onTime: 0.4, fill: 0.3, quality: 0.3, dropShip: 0.2 } as const;
/** 48 小时发货: a drop-shipped line is in time when its parcel leaves within this of payment. */
export const DROP_SHIP_DEADLINE_HOURS = 48;

export interface RatingFacts {
  deliveries: number;
  onTimeDeliveries: number;
  unitsOrdered: number;
  unitsReceived: number;
  unitsGood: number;
  unitsDamaged: number;
  /** Drop-shipped lines shipped, and how many within the deadline (0 and 0 for a supplier that ships none). */
  dropShipShipped?: number;
  dropShipInTime?: number;
}

export interface Rating {
  onTimeRate: number | null;
  fillRate: number | null;
  qualityRate: number | null;
  dropShipRate: number | null;
  score: number | null;
}

export function rateSupplier(f: RatingFacts): Rating {
  const onTimeRate = f.deliveries > 0 ? f.onTimeDeliveries / f.deliveries : null;
  const fillRate = f.unitsOrdered > 0 ? Math.min(f.unitsReceived / f.unitsOrdered, 1) : null;
  const units = f.unitsGood + f.unitsDamaged;
  const qualityRate = units > 0 ? f.unitsGood / units : null;
  const shipped = f.dropShipShipped ?? 0;
  const dropShipRate = shipped > 0 ? (f.dropShipInTime ?? 0) / shipped : null;
  const parts: [number | null, number][] = [
    [onTimeRate, RATING_WEIGHTS.onTime],
    [fillRate, RATING_WEIGHTS.fill],
    [qualityRate, RATING_WEIGHTS.quality],
    [dropShipRate, RATING_WEIGHTS.dropShip],
  ];
  const known = parts.filter(([rate]) => rate !== null) as [number, number][];
  const weight = known.reduce((s, [, w]) => s + w, 0);
  const score = known.length ? Math.round((100 * known.reduce((s, [rate, w]) => s + rate * w, 0)) / weight) : null;
  return { onTimeRate, fillRate, qualityRate, dropShipRate, score };
}
