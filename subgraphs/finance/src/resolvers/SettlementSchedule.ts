import type { SettlementScheduleRow } from '../db/tables.ts';

/** A value type (no key): read through the mutation that sets it. */
export const SettlementSchedule = {
  shop: (row: SettlementScheduleRow) => ({ __typename: 'Shop' as const, id: row.shopId }),
};
