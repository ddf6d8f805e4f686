import { describe, expect, it } from 'vitest';
import { computeFreight, normalizeProvince, type FreightLine, type FreightTemplateSpec } from '../src/domain/freight.ts';
import { nextTrackingState, type TrackingState } from '../src/domain/trackingState.ts';

const rule = (firstUnits: number, firstPrice: bigint, additionalUnits: number, additionalPrice: bigint, provinces: string[] = []) => ({
  provinces,
  firstUnits,
  firstPrice,
  additionalUnits,
  additionalPrice,
});
const line = (quantity: number, weightGrams = 0, amount = 1000n, productType: FreightLine['productType'] = 'PHYSICAL', volumeCm3 = 0): FreightLine => ({
  quantity,
  weightGrams,
  volumeCm3,
  amount,
  productType,
});

const byWeight: FreightTemplateSpec = {
  chargeBy: 'WEIGHT',
  freeOverAmount: null,
  freeOverQuantity: null,
  excludedProvinces: ['西藏'],
  // First kilo 10.00, each further started kilo 5.00; remote provinces 20.00 + 10.00.
  rules: [rule(1000, 1000n, 1000, 500n), rule(1000, 2000n, 1000, 1000n, ['新疆', '青海'])],
};
const byPiece: FreightTemplateSpec = { ...byWeight, chargeBy: 'PIECE', excludedProvinces: [], rules: [rule(1, 800n, 2, 300n)] };
const byVolume: FreightTemplateSpec = { ...byWeight, chargeBy: 'VOLUME', excludedProvinces: [], rules: [rule(5000, 1200n, 1000, 200n)] };

describe('computeFreight (table)', () => {
  it.each([
    ['one parcel under the first kilo', byWeight, '上海', [line(1, 800)], 1000n],
    ['exactly the first kilo', byWeight, '上海', [line(2, 500)], 1000n],
    ['2.5 kg: first kilo + 2 started kilos', byWeight, '上海', [line(1, 2500)], 2000n],
    ['3.1 kg over lines and quantities: first kilo + 3 started kilos', byWeight, '广东省', [line(2, 700), line(1, 1700)], 2500n],
    ['a province rule wins over the default', byWeight, '新疆维吾尔自治区', [line(1, 2500)], 4000n],
    ['by piece: first piece, then per 2 pieces started', byPiece, '北京', [line(4)], 1400n],
    ['by piece: one piece is the first price', byPiece, '北京', [line(1)], 800n],
    ['by volume', byVolume, '浙江', [line(3, 0, 1000n, 'PHYSICAL', 2000)], 1400n],
    ['service lines weigh nothing', byWeight, '上海', [line(1, 800), line(5, 99_000, 1000n, 'SERVICE')], 1000n],
    ['a service-only cart ships nothing, even to an excluded province', byWeight, '西藏', [line(2, 0, 1000n, 'SERVICE')], 0n],
  ] as const)('%s', (_, template, province, lines, expected) => {
    expect(computeFreight(template, province, [...lines])).toMatchObject({ deliverable: true, freight: expected });
  });

  it('free shipping from an amount of the shipped lines, not the service lines', () => {
    const template = { ...byWeight, freeOverAmount: 9900n };
    expect(computeFreight(template, '上海', [line(1, 2500, 9900n)])).toEqual({ deliverable: true, freight: 0n, free: true });
    expect(computeFreight(template, '上海', [line(1, 2500, 9899n)])).toEqual({ deliverable: true, freight: 2000n, free: false });
    expect(computeFreight(template, '上海', [line(1, 2500, 5000n), line(1, 0, 5000n, 'SERVICE')])).toMatchObject({ freight: 2000n });
  });

  it('free shipping from a quantity', () => {
    const template = { ...byPiece, freeOverQuantity: 5 };
    expect(computeFreight(template, '上海', [line(3), line(2)])).toMatchObject({ deliverable: true, freight: 0n });
    expect(computeFreight(template, '上海', [line(4)])).toMatchObject({ deliverable: true, freight: 1400n });
  });

  it('an excluded province is not deliverable, with a reason, whatever the thresholds', () => {
    const result = computeFreight({ ...byWeight, freeOverAmount: 1n }, '西藏自治区', [line(1, 100)]);
    expect(result).toEqual({ deliverable: false, reason: 'This shop does not deliver to 西藏自治区' });
  });

  it('a template without a matching or default rule does not deliver there', () => {
    const onlyRemote = { ...byWeight, rules: [rule(1000, 1n, 1000, 1n, ['新疆'])] };
    expect(computeFreight(onlyRemote, '上海', [line(1, 100)])).toMatchObject({ deliverable: false });
  });

  it('province names compare without 省/市/自治区', () => {
    expect(['广东省', '上海市', '内蒙古自治区', '广西壮族自治区', '香港特别行政区', ' 北京 '].map(normalizeProvince)).toEqual([
      '广东',
      '上海',
      '内蒙古',
      '广西',
      '香港',
      '北京',
    ]);
  });
});

describe('nextTrackingState', () => {
  const at = (minute: number) => new Date(Date.UTC(2025, 0, 1, 0, minute));
  const start: TrackingState = { status: 'SHIPPED', progress: 'SHIPPED', lastEventAt: null };
  const apply = (events: [TrackingState['status'], number][]) =>
    events.reduce((s, [status, m]) => nextTrackingState(s, { status, occurredAt: at(m) }), { ...start, applied: false, delivered: false });

  it('moves forward with newer events', () => {
    expect(
      apply([
        ['PICKED_UP', 1],
        ['IN_TRANSIT', 2],
      ]),
    ).toMatchObject({ status: 'IN_TRANSIT', progress: 'IN_TRANSIT' });
  });
  it('an older event is kept but never moves the status back', () => {
    const state = apply([
      ['OUT_FOR_DELIVERY', 3],
      ['IN_TRANSIT', 2],
    ]);
    expect(state).toMatchObject({ status: 'OUT_FOR_DELIVERY', applied: false, lastEventAt: at(3) });
  });
  it('an exception shows while it is the newest event, and a newer step clears it', () => {
    expect(
      apply([
        ['IN_TRANSIT', 2],
        ['EXCEPTION', 3],
      ]),
    ).toMatchObject({ status: 'EXCEPTION', progress: 'IN_TRANSIT' });
    expect(
      apply([
        ['IN_TRANSIT', 2],
        ['EXCEPTION', 3],
        ['PICKED_UP', 1],
      ]),
    ).toMatchObject({ status: 'EXCEPTION' });
    expect(
      apply([
        ['IN_TRANSIT', 2],
        ['EXCEPTION', 3],
        ['OUT_FOR_DELIVERY', 4],
      ]),
    ).toMatchObject({ status: 'OUT_FOR_DELIVERY' });
    expect(
      apply([
        ['IN_TRANSIT', 3],
        ['EXCEPTION', 2],
      ]),
    ).toMatchObject({ status: 'IN_TRANSIT', applied: false });
  });
  it('DELIVERED is final and reported once', () => {
    const delivered = apply([
      ['IN_TRANSIT', 2],
      ['DELIVERED', 5],
    ]);
    expect(delivered).toMatchObject({ status: 'DELIVERED', delivered: true });
    expect(nextTrackingState(delivered, { status: 'EXCEPTION', occurredAt: at(9) })).toMatchObject({ status: 'DELIVERED', applied: false, delivered: false });
  });
});
