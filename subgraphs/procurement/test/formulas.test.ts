import { describe, expect, it } from 'vitest';
import { procurementConfig } from '../src/domain/config.ts';
import { needsSecondApproval, receivableUpTo } from '../src/domain/purchaseOrderFlow.ts';
import { purchaseOrderOfKey } from '../src/domain/purchaseReceiving.ts';
import { rateSupplier } from '../src/domain/ratingFormula.ts';
import { replenishmentQuantity } from '../src/domain/replenishmentFormula.ts';
import { preferredCandidate, scoreCandidates, UNRATED_SCORE } from '../src/domain/supplierScore.ts';

const base = { soldLast30Days: 0, leadTimeDays: 7, safetyStock: 0, available: 0, onOrder: 0, minOrderQuantity: 1 };

describe('replenishment quantity (README formula)', () => {
  it('covers the sales of the lead time plus the safety stock, less what is available and on order', () => {
    // 60 sold in 30 days = 2/day; 7 days' lead = 14; + safety 10 = 24; − available 4 − on order 5 = 15.
    expect(replenishmentQuantity({ ...base, soldLast30Days: 60, safetyStock: 10, available: 4, onOrder: 5 })).toBe(15);
  });
  it('rounds the lead-time demand up, never a fraction of a unit short', () => {
    // 10/30 per day × 7 = 2.33 -> 3; + 5 − 1 = 7.
    expect(replenishmentQuantity({ ...base, soldLast30Days: 10, safetyStock: 5, available: 1 })).toBe(7);
    // Exactly 7.0 is 7, not 8 (floating point).
    expect(replenishmentQuantity({ ...base, soldLast30Days: 30 })).toBe(7);
  });
  it('orders at least the supplier minimum, and nothing when covered', () => {
    expect(replenishmentQuantity({ ...base, safetyStock: 10, available: 7, minOrderQuantity: 50 })).toBe(50);
    expect(replenishmentQuantity({ ...base, soldLast30Days: 30, safetyStock: 10, available: 10, onOrder: 7, minOrderQuantity: 50 })).toBe(0);
  });
});

describe('preferred supplier (price 0.5, rating 0.3, lead time 0.2)', () => {
  const a = { supplierId: 'sup_A', unitPrice: 1000n, leadTimeDays: 10, rating: 90 };
  const b = { supplierId: 'sup_B', unitPrice: 800n, leadTimeDays: 10, rating: 50 };
  const c = { supplierId: 'sup_C', unitPrice: 1000n, leadTimeDays: 2, rating: 90 };

  it('scores each part against the best on the table', () => {
    const [first, second] = scoreCandidates([a, b]);
    // B: 0.5×1 + 0.3×0.5 + 0.2×1 = 0.85; A: 0.5×0.8 + 0.3×0.9 + 0.2×1 = 0.87.
    expect(first?.candidate.supplierId).toBe('sup_A');
    expect(first?.score).toBeCloseTo(0.87, 10);
    expect(second?.score).toBeCloseTo(0.85, 10);
  });
  it('a faster supplier at the same price and rating wins; an unrated one counts as fair', () => {
    expect(preferredCandidate([a, c])?.supplierId).toBe('sup_C');
    const [scored] = scoreCandidates([{ ...a, rating: null }]);
    expect(scored?.ratingScore).toBe(UNRATED_SCORE / 100);
    expect(preferredCandidate([])).toBeNull();
  });
  it('breaks a tie by price, then lead time, then id', () => {
    const twin = { ...a, supplierId: 'sup_0' };
    expect(preferredCandidate([a, twin])?.supplierId).toBe('sup_0');
  });
});

describe('supplier rating', () => {
  it('weighs on-time 0.4, fill 0.3, quality 0.3', () => {
    const r = rateSupplier({ deliveries: 2, onTimeDeliveries: 1, unitsOrdered: 100, unitsReceived: 100, unitsGood: 90, unitsDamaged: 10 });
    expect(r).toEqual({ onTimeRate: 0.5, fillRate: 1, qualityRate: 0.9, dropShipRate: null, score: 77 }); // 100 × (0.2 + 0.3 + 0.27)
  });
  it('weighs drop-shipping in time 0.2 when the supplier drop-ships', () => {
    // A drop-shipper with no purchase deliveries: 3 of 4 lines in time = 75.
    const f = { deliveries: 0, onTimeDeliveries: 0, unitsOrdered: 0, unitsReceived: 0, unitsGood: 0, unitsDamaged: 0 };
    expect(rateSupplier({ ...f, dropShipShipped: 4, dropShipInTime: 3 })).toMatchObject({ dropShipRate: 0.75, score: 75 });
    // With purchase facts too: 100 × (0.4×1 + 0.3×1 + 0.3×1 + 0.2×0.5) / 1.2 = 91.67 -> 92.
    const all = { deliveries: 1, onTimeDeliveries: 1, unitsOrdered: 10, unitsReceived: 10, unitsGood: 10, unitsDamaged: 0 };
    expect(rateSupplier({ ...all, dropShipShipped: 2, dropShipInTime: 1 }).score).toBe(92);
  });
  it('re-normalises over the rates it has facts for, and is null with none', () => {
    // No finished order yet: (0.4×1 + 0.3×1) / 0.7 = 100.
    expect(rateSupplier({ deliveries: 1, onTimeDeliveries: 1, unitsOrdered: 0, unitsReceived: 0, unitsGood: 5, unitsDamaged: 0 }).score).toBe(100);
    expect(rateSupplier({ deliveries: 0, onTimeDeliveries: 0, unitsOrdered: 0, unitsReceived: 0, unitsGood: 0, unitsDamaged: 0 }).score).toBeNull();
  });
});

describe('purchase order rules', () => {
  it('allows the tolerance over the ordered quantity, rounded down', () => {
    expect(receivableUpTo(10, 0)).toBe(10);
    expect(receivableUpTo(10, 5)).toBe(10);
    expect(receivableUpTo(40, 5)).toBe(42);
  });
  it('needs a second approver strictly above the threshold', () => {
    expect(needsSecondApproval(5_000_000n, 5_000_000n)).toBe(false);
    expect(needsSecondApproval(5_000_001n, 5_000_000n)).toBe(true);
  });
  it('reads its settings from the environment, with defaults', () => {
    expect(procurementConfig({})).toEqual({ secondApprovalAbove: 5_000_000n, overReceiptTolerancePercent: 0, defaultLeadTimeDays: 7 });
    expect(procurementConfig({ PROCUREMENT_SECOND_APPROVAL_ABOVE: '1000.5', PROCUREMENT_OVER_RECEIPT_TOLERANCE_PERCENT: '5' })).toMatchObject({
      secondApprovalAbove: 100_050n,
      overReceiptTolerancePercent: 5,
    });
  });
  it('knows its own receipts by key', () => {
    expect(purchaseOrderOfKey('pur_01HK153X000000000000000001/2')).toEqual({ poId: 'pur_01HK153X000000000000000001', n: 2 });
    expect(purchaseOrderOfKey('asr_01HK153X000000000000000001/2')).toBeNull();
    expect(purchaseOrderOfKey('manual')).toBeNull();
  });
});
