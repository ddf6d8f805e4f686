import { sql } from 'drizzle-orm';
import type { RequestContext } from '@zhongtai/kit';

export interface LedgerMismatch {
  stockLevelId: string;
  skuId: string;
  warehouseId: string;
  onHand: number;
  ledgerOnHand: number;
  reserved: number;
  ledgerReserved: number;
  /** The damaged bucket (returned units that cannot be sold) and what its movements add up to. */
  damaged: number;
  ledgerDamaged: number;
  /** Movements whose recorded "after" does not follow from the one before. */
  brokenChainCount: number;
}

export interface LedgerCheck {
  ok: boolean;
  checkedStockLevels: number;
  checkedMovements: number;
  mismatches: LedgerMismatch[];
}

/**
 * Verifies the ledger: every stock level (on hand, reserved and damaged) equals the sum of its movements, and each movement's
 * after-values follow from the running sum (nothing edited or missing in between). Set-based,
 * one query: cheap enough to run after every test flow and as an admin query.
 */
export async function checkLedger(ctx: RequestContext, options: { limit?: number } = {}): Promise<LedgerCheck> {
  const limit = Math.min(Math.max(options.limit ?? 100, 1), 1000);
  const result = await ctx.db.execute(sql`
    with running as (
      select m.stock_level_id,
             m.on_hand_after, m.reserved_after, m.damaged_after,
             sum(m.on_hand_delta) over w as on_hand_sum,
             sum(m.reserved_delta) over w as reserved_sum,
             sum(m.damaged_delta) over w as damaged_sum
      from inventory.stock_movements m
      window w as (partition by m.stock_level_id order by m.seq rows between unbounded preceding and current row)
    ), per_level as (
      select stock_level_id,
             count(*)::int as movements,
             count(*) filter (where on_hand_after <> on_hand_sum or reserved_after <> reserved_sum or damaged_after <> damaged_sum)::int as broken
      from running group by stock_level_id
    ), totals as (
      select stock_level_id, sum(on_hand_delta)::int as ledger_on_hand, sum(reserved_delta)::int as ledger_reserved,
             sum(damaged_delta)::int as ledger_damaged
      from inventory.stock_movements group by stock_level_id
    )
    select s.id as "stockLevelId", s.sku_id as "skuId", s.warehouse_id as "warehouseId",
           s.on_hand as "onHand", coalesce(t.ledger_on_hand, 0) as "ledgerOnHand",
           s.reserved as "reserved", coalesce(t.ledger_reserved, 0) as "ledgerReserved",
           s.damaged as "damaged", coalesce(t.ledger_damaged, 0) as "ledgerDamaged",
           coalesce(p.broken, 0) as "brokenChainCount", coalesce(p.movements, 0) as "movements"
    from inventory.stock_levels s
    left join totals t on t.stock_level_id = s.id
    left join per_level p on p.stock_level_id = s.id
  `);
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Record<string, unknown>[];
  const mismatches: LedgerMismatch[] = [];
  let movements = 0;
  for (const r of rows) {
    movements += Number(r.movements);
    const m: LedgerMismatch = {
      stockLevelId: String(r.stockLevelId),
      skuId: String(r.skuId),
      warehouseId: String(r.warehouseId),
      onHand: Number(r.onHand),
      ledgerOnHand: Number(r.ledgerOnHand),
      reserved: Number(r.reserved),
      ledgerReserved: Number(r.ledgerReserved),
      damaged: Number(r.damaged),
      ledgerDamaged: Number(r.ledgerDamaged),
      brokenChainCount: Number(r.brokenChainCount),
    };
    if (m.onHand !== m.ledgerOnHand || m.reserved !== m.ledgerReserved || m.damaged !== m.ledgerDamaged || m.brokenChainCount > 0) mismatches.push(m);
  }
  return { ok: mismatches.length === 0, checkedStockLevels: rows.length, checkedMovements: movements, mismatches: mismatches.slice(0, limit) };
}
