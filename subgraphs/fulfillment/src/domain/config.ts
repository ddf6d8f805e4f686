import { numberSetting } from '@zhongtai/kit';

/**
 * Fulfillment's own settings, read when used. A carrier bill's weight is flagged when it is off
 * the packed weight by more than BILL_WEIGHT_TOLERANCE_GRAMS (500) and more than
 * BILL_WEIGHT_TOLERANCE_PERCENT (20) of it.
 */
export function billWeightTolerance(env: NodeJS.ProcessEnv = process.env): { percent: number; grams: number } {
  return {
    percent: numberSetting(env, 'BILL_WEIGHT_TOLERANCE_PERCENT', 20, 'non-negative'),
    grams: numberSetting(env, 'BILL_WEIGHT_TOLERANCE_GRAMS', 500, 'whole'),
  };
}
