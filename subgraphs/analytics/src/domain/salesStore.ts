import { and, eq, getTableColumns, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Db } from '@zhongtai/kit';
import {
  dayShop,
  dayShopCategory,
  daySku,
  MEASURE_KEYS,
  monthSku,
  salesFacts,
  salesRefunds,
  type Measures,
  type SalesFactInsert,
  type SalesFactRow,
} from '../db/tables.ts';
import { monthOf, splitByMonths, wholeMonthsAround } from './period.ts';

/**
 * Everything the center stores and asks of its read model goes through this one interface, so a
 * columnar engine (ClickHouse or similar) fed by the same events can replace the PostgreSQL tables
 * (docs/SCALING.md says when). Writes are idempotent per fact and per refund share, and keep the
 * rollups in step in the same transaction (`db` is the caller's transaction).
 */
export interface SalesStore {
  /** Records paid lines; a line already recorded in a generation is left as it is. Returns the lines newly recorded. */
  recordSale(db: Db, generation: number, lines: Omit<SalesFactInsert, 'generation'>[]): Promise<SalesFactRow[]>;
  /**
   * A rebuild's page of paid lines: the facts only, in bulk (idempotent per line). The rollups of a
   * rebuilt generation are summed from its facts at the end (`resumRollups`), not kept per page.
   */
  loadSales(db: Db, generation: number, lines: Omit<SalesFactInsert, 'generation'>[]): Promise<void>;
  /** The facts of many orders or checkouts at once (a rebuild's page of refunds), ordered as factsOfOrder orders them. */
  factsOfOrders(db: Db, generation: number, orderOrCheckoutIds: string[]): Promise<SalesFactRow[]>;
  /** The facts of an order, or of every shop order of a checkout. */
  factsOfOrder(db: Db, generation: number, orderOrCheckoutId: string): Promise<SalesFactRow[]>;
  factsOfLines(db: Db, generation: number, orderLineIds: string[]): Promise<SalesFactRow[]>;
  /**
   * Records refund shares (counted on `refundDay`); a share already recorded is left alone. Returns
   * how many were new. `rollups: false` (a rebuild) leaves the rollups to `resumRollups`.
   */
  recordRefund(db: Db, generation: number, shares: RefundShare[], options?: { rollups: boolean }): Promise<number>;
  /** What one generation learned after the facts (member levels, unit costs), onto another's facts still missing them. */
  copyLearned(db: Db, from: number, to: number): Promise<void>;
  /**
   * Every rollup of a generation summed afresh from its facts and refunds, set-based, in the
   * caller's transaction; event writers of facts wait meanwhile (their rollup changes would
   * otherwise fall between the old rows deleted and the new ones summed).
   */
  resumRollups(db: Db, generation: number): Promise<void>;
  /** Deletes every row of these generations (retired ones). */
  deleteGenerations(db: Db, generations: number[]): Promise<void>;
  /** The planner's statistics of the facts and rollups, after a rebuild replaced their rows. */
  refreshStatistics(db: Db): Promise<void>;
  /** topSkus: a period's SKUs ranked in SQL, the first `first`, ties by SKU id. */
  topSkus(db: Db, query: TopSkusQuery): Promise<RankedSku[]>;
  setOrderStatus(db: Db, orderId: string, status: string): Promise<void>;
  /** Facts still waiting for their member level or cost (filled by a job after the fact). */
  factsToEnrich(db: Db, orderId: string): Promise<SalesFactRow[]>;
  setMemberLevel(db: Db, orderId: string, levelId: string | null): Promise<void>;
  /** Sets the unit cost of lines that had none, and adds it to the rollups of their paid day. */
  setUnitCost(db: Db, generation: number, orderLineId: string, unitCost: bigint): Promise<void>;
  summary(db: Db, query: SummaryQuery): Promise<SummaryRow[]>;
  /** A page of the facts of a period, ordered by paid day and line (keyset: `after` the last row of the previous page). */
  factsPage(db: Db, page: FactsPageQuery): Promise<SalesFactRow[]>;
  countFacts(db: Db, query: Omit<FactsPageQuery, 'after' | 'limit'>): Promise<number>;
  /** How many rows summaryInPages will give. */
  countSummaryRows(db: Db, query: SummaryQuery): Promise<number>;
  /** summary's rows a page at a time, never all in memory. */
  summaryInPages(db: Db, query: SummaryQuery, pageSize: number, onPage: (rows: SummaryRow[]) => Promise<void>): Promise<void>;
  /** Differences between each rollup and the facts it sums (empty: consistent). */
  rollupDifferences(db: Db, generation: number, from: string, to: string): Promise<RollupDifference[]>;
}

export interface RefundShare {
  refundId: string;
  /** Why the money went back (sales.ts, refundKind) and the after-sale request it came from. */
  kind: string;
  afterSaleId: string | null;
  fact: SalesFactRow;
  amount: bigint;
  refundedAt: Date;
  refundDay: string;
}

export const DIMENSIONS = ['DAY', 'WEEK', 'MONTH', 'SHOP', 'CATEGORY', 'BRAND', 'SKU', 'REGION', 'MEMBER_LEVEL', 'ORDER_TYPE', 'CHANNEL'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export interface SummaryFilter {
  /** Business days, inclusive (YYYY-MM-DD). */
  from: string;
  to: string;
  skuIds?: string[] | null;
  categoryIds?: string[] | null;
  brandIds?: string[] | null;
  regions?: string[] | null;
  memberLevelIds?: string[] | null;
  orderTypes?: string[] | null;
  channels?: string[] | null;
}

export interface SummaryQuery {
  generation: number;
  groupBy: Dimension[];
  filter: SummaryFilter;
  /** The caller's scope on each source table (the kit's scopedWhere): a merchant's own shop, the shops asked for. */
  scope: SalesScope;
  /** Count distinct orders and buyers (only the facts can). */
  withCounts: boolean;
}

export type RollupName = 'dayShop' | 'dayShopCategory' | 'daySku' | 'monthSku';
export type SalesScope = { facts: SQL | undefined } & Record<RollupName, SQL | undefined>;
/** Every table readable without a shop condition (the check, the ledger comparison). */
export const ALL_SHOPS: SalesScope = { facts: undefined, dayShop: undefined, dayShopCategory: undefined, daySku: undefined, monthSku: undefined };

export type TopSkuMeasure = 'GMV' | 'UNITS' | 'NET';
export interface TopSkusQuery {
  generation: number;
  from: string;
  to: string;
  by: TopSkuMeasure;
  first: number;
  scope: Pick<SalesScope, 'daySku' | 'monthSku'>;
}
export interface RankedSku {
  skuId: string;
  shopId: string;
  currency: string;
  gross: bigint;
  units: number;
  net: bigint;
}

export interface SummaryRow {
  keys: Partial<Record<Dimension, string | null>>;
  currency: string;
  measures: Measures;
  orders: number;
  buyers: number;
}

export interface RollupDifference {
  rollup: 'DAY_SHOP' | 'DAY_SHOP_CATEGORY' | 'DAY_SKU' | 'MONTH_SKU';
  key: string;
  measure: string;
  rollupValue: string;
  factsValue: string;
}

type RollupTable = typeof dayShop | typeof dayShopCategory | typeof daySku | typeof monthSku;

/**
 * The rollups, smallest first: the dimensions each can group by, the list filters it can apply,
 * and how it is summed from the facts (`factsSource`'s columns, one row per key). A month rollup
 * answers only periods of whole months (its rows are months).
 */
const ROLLUPS: Record<
  RollupName,
  { table: RollupTable; label: RollupDifference['rollup']; dims: ReadonlySet<Dimension>; filters: ReadonlySet<'skuIds' | 'categoryIds'>; months: boolean }
> = {
  dayShop: { table: dayShop, label: 'DAY_SHOP', dims: new Set(['DAY', 'WEEK', 'MONTH', 'SHOP']), filters: new Set(), months: false },
  monthSku: { table: monthSku, label: 'MONTH_SKU', dims: new Set(['MONTH', 'SHOP', 'SKU']), filters: new Set(['skuIds']), months: true },
  dayShopCategory: {
    table: dayShopCategory,
    label: 'DAY_SHOP_CATEGORY',
    dims: new Set(['DAY', 'WEEK', 'MONTH', 'SHOP', 'CATEGORY']),
    filters: new Set(['categoryIds']),
    months: false,
  },
  daySku: { table: daySku, label: 'DAY_SKU', dims: new Set(['DAY', 'WEEK', 'MONTH', 'SHOP', 'SKU']), filters: new Set(['skuIds']), months: false },
};
const ROLLUP_NAMES = Object.keys(ROLLUPS) as RollupName[];

/** The smallest rollup able to answer a query, or null when only the facts can (a dimension or filter it lacks). */
export function rollupFor(query: Pick<SummaryQuery, 'groupBy' | 'filter'>): RollupName | null {
  const f = query.filter;
  const other = [f.brandIds, f.regions, f.memberLevelIds, f.orderTypes, f.channels].some((list) => list?.length);
  if (other) return null;
  const wholeMonths = (() => {
    const split = splitByMonths(f.from, f.to);
    return split.months !== null && split.days.length === 0;
  })();
  for (const name of ROLLUP_NAMES) {
    const rollup = ROLLUPS[name];
    if (!query.groupBy.every((d) => rollup.dims.has(d))) continue;
    if (f.skuIds?.length && !rollup.filters.has('skuIds')) continue;
    if (f.categoryIds?.length && !rollup.filters.has('categoryIds')) continue;
    if (rollup.months && !wholeMonths) continue;
    return name;
  }
  return null;
}

const columnName = (table: typeof salesFacts | RollupTable, key: keyof Measures) => table[key].name;

/** `zeroRefunded`: a fact's own running total of refunds is left out, its refunds count through their own rows (on their day). */
function measureColumns(table: typeof salesFacts | RollupTable, alias: string, zeroRefunded = false): SQL {
  const column = (k: keyof Measures) => (zeroRefunded && k === 'refunded' ? '0' : `${alias}.${columnName(table, k)}`);
  return sql.raw(MEASURE_KEYS.map((k) => `${column(k)} as ${columnName(table, k)}`).join(', '));
}
const zeroMeasures = (except: Partial<Record<keyof Measures, SQL>>): SQL =>
  sql.join(
    MEASURE_KEYS.map((k) => sql`${except[k] ?? sql`0`} as ${sql.identifier(salesFacts[k].name)}`),
    sql`, `,
  );

const KEY_EXPRESSIONS: Record<Dimension, string> = {
  DAY: `to_char(s.day, 'YYYY-MM-DD')`,
  WEEK: `to_char(date_trunc('week', s.day), 'YYYY-MM-DD')`,
  MONTH: `to_char(s.day, 'YYYY-MM')`,
  SHOP: 's.shop_id',
  CATEGORY: 's.category_id',
  BRAND: 's.brand_id',
  SKU: 's.sku_id',
  REGION: 's.region',
  MEMBER_LEVEL: 's.member_level_id',
  ORDER_TYPE: 's.order_type',
  CHANNEL: 's.channel',
};

const rowsOf = (result: unknown) => (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Record<string, unknown>[];

/** The read model in this center's PostgreSQL schema. */
export class PostgresSalesStore implements SalesStore {
  async recordSale(db: Db, generation: number, lines: Omit<SalesFactInsert, 'generation'>[]): Promise<SalesFactRow[]> {
    if (!lines.length) return [];
    const inserted: SalesFactRow[] = [];
    // A page of a rebuild is thousands of lines: a few statements, not three per line.
    for (let i = 0; i < lines.length; i += INSERT_CHUNK) {
      const rows = lines.slice(i, i + INSERT_CHUNK).map((l) => ({ ...l, generation }));
      inserted.push(...(await db.insert(salesFacts).values(rows).onConflictDoNothing().returning()));
    }
    await this.addToRollups(
      db,
      generation,
      inserted.map((fact) => ({ fact, day: fact.paidDay, delta: fact })),
    );
    return inserted;
  }

  factsOfOrder(db: Db, generation: number, id: string): Promise<SalesFactRow[]> {
    return db
      .select()
      .from(salesFacts)
      .where(and(eq(salesFacts.generation, generation), sql`(${salesFacts.orderId} = ${id} or ${salesFacts.checkoutId} = ${id})`))
      .orderBy(salesFacts.orderId, salesFacts.orderLineId);
  }

  factsOfLines(db: Db, generation: number, orderLineIds: string[]): Promise<SalesFactRow[]> {
    return db
      .select()
      .from(salesFacts)
      .where(and(eq(salesFacts.generation, generation), inArray(salesFacts.orderLineId, orderLineIds)));
  }

  async loadSales(db: Db, generation: number, lines: Omit<SalesFactInsert, 'generation'>[]): Promise<void> {
    // One JSON parameter per chunk, unpacked by PostgreSQL: no 35 bind parameters a row to build and parse.
    const columns = Object.entries(getTableColumns(salesFacts)).filter(([key]) => key !== 'createdAt' && key !== 'updatedAt');
    const names = sql.raw(columns.map(([, c]) => `"${c.name}"`).join(', '));
    for (let i = 0; i < lines.length; i += LOAD_CHUNK) {
      const rows = lines.slice(i, i + LOAD_CHUNK).map((line) => {
        const row: Record<string, unknown> = {};
        for (const [key, column] of columns) row[column.name] = jsonValue(key === 'generation' ? generation : line[key as keyof typeof line]);
        return row;
      });
      await db.execute(sql`
        insert into ${salesFacts} (${names})
        select ${names} from json_populate_recordset(null::${salesFacts}, ${JSON.stringify(rows)}::json)
        on conflict do nothing`);
    }
  }

  factsOfOrders(db: Db, generation: number, ids: string[]): Promise<SalesFactRow[]> {
    if (!ids.length) return Promise.resolve([]);
    return db
      .select()
      .from(salesFacts)
      .where(and(eq(salesFacts.generation, generation), or(inArray(salesFacts.orderId, ids), inArray(salesFacts.checkoutId, ids))))
      .orderBy(salesFacts.orderId, salesFacts.orderLineId);
  }

  async recordRefund(db: Db, generation: number, shares: RefundShare[], options = { rollups: true }): Promise<number> {
    const recorded: RefundShare[] = [];
    for (let i = 0; i < shares.length; i += INSERT_CHUNK) {
      const chunk = shares.slice(i, i + INSERT_CHUNK);
      const rows = await db
        .insert(salesRefunds)
        .values(
          chunk.map((share) => ({
            generation,
            refundId: share.refundId,
            orderLineId: share.fact.orderLineId,
            orderId: share.fact.orderId,
            amount: share.amount,
            currency: share.fact.currency,
            refundedAt: share.refundedAt,
            refundDay: share.refundDay,
            kind: share.kind,
            afterSaleId: share.afterSaleId,
          })),
        )
        .onConflictDoNothing()
        .returning({ refundId: salesRefunds.refundId, orderLineId: salesRefunds.orderLineId });
      const fresh = new Set(rows.map((r) => `${r.refundId} ${r.orderLineId}`));
      // A share named twice in one refund is recorded once, as before: the first.
      for (const share of chunk) if (fresh.delete(`${share.refundId} ${share.fact.orderLineId}`)) recorded.push(share);
    }
    if (!recorded.length) return 0;
    const byLine = new Map<string, bigint>();
    for (const share of recorded) byLine.set(share.fact.orderLineId, (byLine.get(share.fact.orderLineId) ?? 0n) + share.amount);
    const deltas = JSON.stringify([...byLine].map(([line, amount]) => ({ line, amount: String(amount) })));
    await db.execute(sql`
      update ${salesFacts} set refunded = ${salesFacts.refunded} + d.amount
      from json_to_recordset(${deltas}::json) as d(line text, amount bigint)
      where ${salesFacts.generation} = ${generation} and ${salesFacts.orderLineId} = d.line`);
    if (options.rollups)
      await this.addToRollups(
        db,
        generation,
        recorded.map((share) => ({ fact: share.fact, day: share.refundDay, delta: { refunded: share.amount } })),
      );
    return recorded.length;
  }

  async copyLearned(db: Db, from: number, to: number): Promise<void> {
    await db.execute(sql`
      update ${salesFacts} n set unit_cost = a.unit_cost, cost = a.unit_cost * n.units, costed_revenue = n.paid - n.freight
      from ${salesFacts} a
      where a.generation = ${from} and a.unit_cost is not null and n.generation = ${to} and n.order_line_id = a.order_line_id and n.unit_cost is null`);
    await db.execute(sql`
      update ${salesFacts} n set member_level_id = a.member_level_id
      from ${salesFacts} a
      where a.generation = ${from} and a.member_level_id is not null and n.generation = ${to} and n.order_line_id = a.order_line_id and n.member_level_id is null`);
  }

  async resumRollups(db: Db, generation: number): Promise<void> {
    // Writers touch refunds before facts (recordRefund), so the locks are taken in that order: no deadlock.
    await db.execute(sql`lock table ${salesRefunds}, ${salesFacts} in share mode`);
    const source = this.factsSource(generation, undefined);
    const sums = sql.raw(MEASURE_KEYS.map((k) => `sum(s.${salesFacts[k].name})::${k === 'units' ? 'int' : 'bigint'}`).join(', '));
    const measureNames = sql.raw(MEASURE_KEYS.map((k) => salesFacts[k].name).join(', '));
    const sum = async (table: RollupTable, keys: string, select: string, groupBy: string) => {
      await db.delete(table).where(eq(table.generation, generation));
      await db.execute(sql`
        insert into ${table} (generation, ${sql.raw(keys)}, ${measureNames})
        select ${generation}, ${sql.raw(select)}, ${sums} from (${source}) s group by ${sql.raw(groupBy)}`);
    };
    await sum(dayShop, 'day, shop_id, currency', 's.day, s.shop_id, s.currency', 's.day, s.shop_id, s.currency');
    await sum(
      dayShopCategory,
      'day, shop_id, category_id, category_path, currency',
      `s.day, s.shop_id, coalesce(s.category_id, ''), min(s.category_path), s.currency`,
      `s.day, s.shop_id, coalesce(s.category_id, ''), s.currency`,
    );
    // A SKU has one shop: min() only names it.
    await sum(daySku, 'day, sku_id, shop_id, currency', 's.day, s.sku_id, min(s.shop_id), s.currency', 's.day, s.sku_id, s.currency');
    await sum(
      monthSku,
      'month, sku_id, shop_id, currency',
      `date_trunc('month', s.day)::date, s.sku_id, min(s.shop_id), s.currency`,
      `date_trunc('month', s.day)::date, s.sku_id, s.currency`,
    );
  }

  async deleteGenerations(db: Db, generations: number[]): Promise<void> {
    if (!generations.length) return;
    for (const table of [salesFacts, salesRefunds, dayShop, dayShopCategory, daySku, monthSku])
      await db.delete(table).where(inArray(table.generation, generations));
  }

  async refreshStatistics(db: Db): Promise<void> {
    // Until autovacuum comes round, the planner would see a few rows where a rebuild wrote millions, and
    // rank topSkus by sorting a month's rows instead of reading 50 entries of its index (150 ms against 0.4 on 1M orders).
    for (const table of [salesFacts, salesRefunds, dayShop, dayShopCategory, daySku, monthSku]) await db.execute(sql`analyze ${table}`);
  }

  /**
   * One month asked whole: that month's rows in GMV (or units, net) order, straight from the month
   * rollup's index when by GMV. Otherwise the whole months inside the period from the month rollup
   * and the days at its ends from the day rollup, summed per SKU, ranked by PostgreSQL.
   */
  async topSkus(db: Db, q: TopSkusQuery): Promise<RankedSku[]> {
    const split = splitByMonths(q.from, q.to);
    const order = { GMV: 'gross', UNITS: 'units', NET: 'net' }[q.by];
    const where = (table: RollupTable, scope: SQL | undefined, range: SQL) =>
      sql`${table.generation} = ${q.generation} and ${range} ${scope ? sql`and ${scope}` : sql``}`;
    let rows: Record<string, unknown>[];
    if (split.months && split.months.from === split.months.to && !split.days.length) {
      const m = monthSku;
      // Ordered by the table's columns, not the text aliases of the select list ("30.00" > "200.00" as text),
      // and NULLS LAST as the index is built: `desc` alone means NULLS FIRST, which the index cannot give in order.
      rows = rowsOf(
        await db.execute(sql`
          select ${m.skuId} as sku_id, ${m.shopId} as shop_id, ${m.currency} as currency, ${m.gross}::text as gross, ${m.units} as units,
                 (${m.paid} - ${m.refunded})::text as net
          from ${m} where ${where(m, q.scope.monthSku, sql`${m.month} = ${split.months.from}::date`)}
          order by ${order === 'net' ? sql`${m.paid} - ${m.refunded}` : order === 'units' ? m.units : m.gross} desc nulls last, ${m.skuId} limit ${q.first}`),
      );
    } else {
      const parts: SQL[] = [];
      if (split.months) {
        const m = monthSku;
        parts.push(sql`select ${m.skuId} as sku_id, ${m.shopId} as shop_id, ${m.currency} as currency, ${m.gross} as gross, ${m.units} as units, ${m.paid} - ${m.refunded} as net
          from ${m} where ${where(m, q.scope.monthSku, sql`${m.month} between ${split.months.from}::date and ${split.months.to}::date`)}`);
      }
      for (const days of split.days) {
        const d = daySku;
        parts.push(sql`select ${d.skuId} as sku_id, ${d.shopId} as shop_id, ${d.currency} as currency, ${d.gross} as gross, ${d.units} as units, ${d.paid} - ${d.refunded} as net
          from ${d} where ${where(d, q.scope.daySku, sql`${d.day} between ${days.from}::date and ${days.to}::date`)}`);
      }
      rows = rowsOf(
        await db.execute(sql`
          select sku_id, min(shop_id) as shop_id, currency, sum(gross)::text as gross, sum(units)::int as units, sum(net)::text as net
          from (${sql.join(parts, sql` union all `)}) s
          group by sku_id, currency
          order by sum(${sql.identifier(order)}) desc, sku_id limit ${q.first}`),
      );
    }
    return rows.map((r) => ({
      skuId: String(r.sku_id),
      shopId: String(r.shop_id),
      currency: String(r.currency),
      gross: BigInt(String(r.gross)),
      units: Number(r.units),
      net: BigInt(String(r.net)),
    }));
  }

  async setOrderStatus(db: Db, orderId: string, status: string): Promise<void> {
    await db.update(salesFacts).set({ orderStatus: status, updatedAt: new Date() }).where(eq(salesFacts.orderId, orderId));
  }

  factsToEnrich(db: Db, orderId: string): Promise<SalesFactRow[]> {
    return db.select().from(salesFacts).where(eq(salesFacts.orderId, orderId));
  }

  async setMemberLevel(db: Db, orderId: string, levelId: string | null): Promise<void> {
    await db
      .update(salesFacts)
      .set({ memberLevelId: levelId })
      .where(and(eq(salesFacts.orderId, orderId), isNull(salesFacts.memberLevelId)));
  }

  async setUnitCost(db: Db, generation: number, orderLineId: string, unitCost: bigint): Promise<void> {
    const [fact] = await db
      .update(salesFacts)
      .set({
        unitCost,
        cost: sql`${unitCost} * ${salesFacts.units}`,
        costedRevenue: sql`${salesFacts.paid} - ${salesFacts.freight}`,
      })
      .where(and(eq(salesFacts.generation, generation), eq(salesFacts.orderLineId, orderLineId), isNull(salesFacts.unitCost)))
      .returning();
    if (fact) await this.addToRollups(db, generation, [{ fact, day: fact.paidDay, delta: { cost: fact.cost, costedRevenue: fact.costedRevenue } }]);
  }

  /**
   * Adds each `delta` to every rollup under its fact's keys on `day` (a month rollup: that day's
   * month): summed per key here first, since one upsert may not touch a row twice, then one
   * statement per rollup and chunk.
   */
  private async addToRollups(db: Db, generation: number, changes: { fact: SalesFactRow; day: string; delta: Partial<Measures> }[]): Promise<void> {
    if (!changes.length) return;
    type Change = (typeof changes)[number];
    const upsert = async (table: RollupTable, target: PgColumn[], keyOf: (c: Change) => Record<string, unknown>) => {
      const byKey = new Map<string, Record<string, unknown> & Measures>();
      for (const change of changes) {
        const keys = keyOf(change);
        const key = JSON.stringify(Object.values(keys));
        const into = byKey.get(key) ?? { generation, ...keys, ...zero() };
        for (const k of MEASURE_KEYS) {
          const add = change.delta[k];
          if (add === undefined) continue;
          if (k === 'units') into.units += Number(add);
          else into[k] = (into[k] as bigint) + BigInt(add);
        }
        byKey.set(key, into);
      }
      const rows = [...byKey.values()];
      const set = Object.fromEntries(MEASURE_KEYS.map((k) => [k, sql`${table[k]} + excluded.${sql.identifier(table[k].name)}`]));
      for (let i = 0; i < rows.length; i += INSERT_CHUNK)
        await db
          .insert(table)
          // Rows and sums of whichever rollup `table` is: its keys and measures, typed by keyOf above.
          .values(rows.slice(i, i + INSERT_CHUNK) as never[])
          .onConflictDoUpdate({ target, set: set as never });
    };
    await upsert(dayShop, [dayShop.generation, dayShop.day, dayShop.shopId, dayShop.currency], ({ fact, day }) => ({
      day,
      shopId: fact.shopId,
      currency: fact.currency,
    }));
    await upsert(
      dayShopCategory,
      [dayShopCategory.generation, dayShopCategory.day, dayShopCategory.shopId, dayShopCategory.categoryId, dayShopCategory.currency],
      ({ fact, day }) => ({ day, shopId: fact.shopId, categoryId: fact.categoryId ?? '', currency: fact.currency, categoryPath: fact.categoryPath }),
    );
    await upsert(daySku, [daySku.generation, daySku.day, daySku.skuId, daySku.currency], ({ fact, day }) => ({
      day,
      skuId: fact.skuId,
      currency: fact.currency,
      shopId: fact.shopId,
    }));
    await upsert(monthSku, [monthSku.generation, monthSku.month, monthSku.skuId, monthSku.currency], ({ fact, day }) => ({
      month: monthOf(day),
      skuId: fact.skuId,
      currency: fact.currency,
      shopId: fact.shopId,
    }));
  }

  /** The sales (on their paid day) and the refunds (on their refund day) as one relation, every dimension. */
  private factsSource(generation: number, scope: SQL | undefined): SQL {
    const f = salesFacts;
    const dims = sql.raw(
      'sales_facts.shop_id, sales_facts.category_id, sales_facts.category_path, sales_facts.sku_id, sales_facts.brand_id, sales_facts.region, ' +
        'sales_facts.member_level_id, sales_facts.order_type, sales_facts.channel, sales_facts.currency',
    );
    return sql`
      select ${f.paidDay} as day, ${dims}, ${measureColumns(f, 'sales_facts', true)}, ${f.orderId} as order_id, ${f.memberId} as member_id
      from ${f} where ${f.generation} = ${generation} ${scope ? sql`and ${scope}` : sql``}
      union all
      select ${salesRefunds.refundDay} as day, ${dims}, ${zeroMeasures({ refunded: sql`${salesRefunds.amount}` })}, null as order_id, null as member_id
      from ${salesRefunds} join ${f} on ${f.generation} = ${salesRefunds.generation} and ${f.orderLineId} = ${salesRefunds.orderLineId}
      where ${salesRefunds.generation} = ${generation} ${scope ? sql`and ${scope}` : sql``}`;
  }

  /** A rollup as the columns factsSource has (those it lacks null); a month rollup's day is its month's first. */
  private rollupSource(name: RollupName, generation: number, scope: SQL | undefined): SQL {
    const scoped = (table: RollupTable) => sql`${table.generation} = ${generation} ${scope ? sql`and ${scope}` : sql``}`;
    switch (name) {
      case 'dayShop': {
        const t = dayShop;
        return sql`
          select ${t.day} as day, ${t.shopId} as shop_id, null::text as category_id, null::text[] as category_path, null::text as sku_id,
                 ${t.currency} as currency, ${measureColumns(t, 'rollup_day_shop')}
          from ${t} where ${scoped(t)}`;
      }
      case 'dayShopCategory': {
        const t = dayShopCategory;
        return sql`
          select ${t.day} as day, ${t.shopId} as shop_id, nullif(${t.categoryId}, '') as category_id, ${t.categoryPath} as category_path,
                 null::text as sku_id, ${t.currency} as currency, ${measureColumns(t, 'rollup_day_shop_category')}
          from ${t} where ${scoped(t)}`;
      }
      case 'daySku': {
        const t = daySku;
        return sql`
          select ${t.day} as day, ${t.shopId} as shop_id, null::text as category_id, null::text[] as category_path, ${t.skuId} as sku_id,
                 ${t.currency} as currency, ${measureColumns(t, 'rollup_day_sku')}
          from ${t} where ${scoped(t)}`;
      }
      case 'monthSku': {
        const t = monthSku;
        return sql`
          select ${t.month} as day, ${t.shopId} as shop_id, null::text as category_id, null::text[] as category_path, ${t.skuId} as sku_id,
                 ${t.currency} as currency, ${measureColumns(t, 'rollup_month_sku')}
          from ${t} where ${scoped(t)}`;
      }
    }
  }

  async summary(db: Db, query: SummaryQuery): Promise<SummaryRow[]> {
    const rollup = rollupFor(query);
    const source = rollup ? this.rollupSource(rollup, query.generation, query.scope[rollup]) : this.factsSource(query.generation, query.scope.facts);
    const rows = await this.aggregate(db, source, query, !rollup && query.withCounts);
    if (!rollup || !query.withCounts) return rows;
    // Orders and buyers are distinct counts no rollup can add up: they come from the facts.
    const counts = await this.aggregate(db, this.factsSource(query.generation, query.scope.facts), query, true);
    const byKey = new Map(counts.map((r) => [rowKey(r), r]));
    return rows.map((r) => ({ ...r, orders: byKey.get(rowKey(r))?.orders ?? 0, buyers: byKey.get(rowKey(r))?.buyers ?? 0 }));
  }

  private async aggregate(db: Db, source: SQL, query: SummaryQuery, withCounts: boolean): Promise<SummaryRow[]> {
    const result = await db.execute(aggregateSql(source, query, withCounts));
    return rowsOf(result).map((r) => summaryRowOf(r, query.groupBy));
  }

  /**
   * The facts of a period in pages (keyset on paid day and line, never OFFSET): each page its own
   * short query, so an export of millions of lines holds neither the rows nor a connection.
   */
  async factsPage(db: Db, page: FactsPageQuery): Promise<SalesFactRow[]> {
    const after = page.after ? sql`and (${salesFacts.paidDay}, ${salesFacts.orderLineId}) > (${page.after.paidDay}::date, ${page.after.orderLineId})` : sql``;
    return db
      .select()
      .from(salesFacts)
      .where(sql`${factsWhere(page)} ${after}`)
      .orderBy(salesFacts.paidDay, salesFacts.orderLineId)
      .limit(page.limit);
  }

  async countFacts(db: Db, query: Omit<FactsPageQuery, 'after' | 'limit'>): Promise<number> {
    const [row] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(salesFacts)
      .where(factsWhere(query));
    return Number(row?.n ?? 0);
  }

  async countSummaryRows(db: Db, query: SummaryQuery): Promise<number> {
    const [counted] = rowsOf(await db.execute(sql`select count(*)::int as n from (${this.pagedSummarySql(query)}) g`));
    return Number(counted?.n ?? 0);
  }

  /**
   * salesSummary's rows through a cursor, `pageSize` at a time, in one transaction (one snapshot).
   * `onPage` must not use another connection of the same database on PGlite (it has one).
   */
  async summaryInPages(db: Db, query: SummaryQuery, pageSize: number, onPage: (rows: SummaryRow[]) => Promise<void>): Promise<void> {
    const statement = this.pagedSummarySql(query);
    await db.transaction(async (tx) => {
      await tx.execute(sql`declare sales_export no scroll cursor for ${statement}`);
      for (;;) {
        const rows = rowsOf(await tx.execute(sql.raw(`fetch ${pageSize} from sales_export`))).map((r) => summaryRowOf(r, query.groupBy));
        if (!rows.length) break;
        await onPage(rows);
      }
      await tx.execute(sql`close sales_export`);
    });
  }

  /**
   * The statement of an exported summary: distinct counts come from the facts in the same statement
   * (a rollup cannot count them), so those rows are the facts' sums: the same figures, as the
   * check keeps the rollups equal to the facts.
   */
  private pagedSummarySql(query: SummaryQuery): SQL {
    const rollup = query.withCounts ? null : rollupFor(query);
    const source = rollup ? this.rollupSource(rollup, query.generation, query.scope[rollup]) : this.factsSource(query.generation, query.scope.facts);
    return aggregateSql(source, query, query.withCounts);
  }

  async rollupDifferences(db: Db, generation: number, from: string, to: string): Promise<RollupDifference[]> {
    const differences: RollupDifference[] = [];
    const keys: Record<RollupName, Dimension[]> = {
      dayShop: ['DAY', 'SHOP'],
      dayShopCategory: ['DAY', 'SHOP', 'CATEGORY'],
      daySku: ['DAY', 'SKU'],
      monthSku: ['MONTH', 'SKU'],
    };
    for (const name of ROLLUP_NAMES) {
      // A month rollup's rows are whole months: compared over the whole months around the period.
      const filter = ROLLUPS[name].months ? wholeMonthsAround(from, to) : { from, to };
      const query: SummaryQuery = { generation, groupBy: keys[name], filter, scope: ALL_SHOPS, withCounts: false };
      const fromRollup = await this.aggregate(db, this.rollupSource(name, generation, undefined), query, false);
      const fromFacts = await this.aggregate(db, this.factsSource(generation, undefined), query, false);
      const rollupByKey = new Map(fromRollup.map((r) => [rowKey(r), r]));
      const factsByKey = new Map(fromFacts.map((r) => [rowKey(r), r]));
      for (const key of new Set([...rollupByKey.keys(), ...factsByKey.keys()])) {
        for (const measure of MEASURE_KEYS) {
          const a = rollupByKey.get(key)?.measures[measure] ?? 0n;
          const b = factsByKey.get(key)?.measures[measure] ?? 0n;
          if (BigInt(a) !== BigInt(b)) differences.push({ rollup: ROLLUPS[name].label, key, measure, rollupValue: String(a), factsValue: String(b) });
        }
      }
    }
    return differences;
  }
}

/** Rows per insert: a fact has about 35 columns, and a statement takes at most 65,535 parameters. */
const INSERT_CHUNK = 1000;
/** Facts per JSON parameter of a rebuild's load. */
const LOAD_CHUNK = 2000;
/** A value as JSON that PostgreSQL's json_populate_recordset reads back into its column (bigints as text). */
const jsonValue = (v: unknown) => (v === undefined ? null : typeof v === 'bigint' ? String(v) : v instanceof Date ? v.toISOString() : v);
const zero = (): Measures => Object.fromEntries(MEASURE_KEYS.map((k) => [k, k === 'units' ? 0 : 0n])) as Measures;

export interface FactsPageQuery {
  generation: number;
  filter: SummaryFilter;
  /** The caller's scope on the facts (the kit's scopedWhere). */
  scope: SQL | undefined;
  after: { paidDay: string; orderLineId: string } | null;
  limit: number;
}

/** The list filters of a SummaryFilter on the columns of `alias` (the day is `dayColumn`). */
function filterConditions(filter: SummaryFilter, alias: string, dayColumn: string): SQL[] {
  const where: SQL[] = [sql`${sql.raw(`${alias}.${dayColumn}`)} between ${filter.from}::date and ${filter.to}::date`];
  const list = (column: string, values: string[] | null | undefined) => {
    if (values?.length)
      where.push(
        sql`${sql.raw(`${alias}.${column}`)} in (${sql.join(
          values.map((v) => sql`${v}`),
          sql`, `,
        )})`,
      );
  };
  list('sku_id', filter.skuIds);
  list('brand_id', filter.brandIds);
  list('region', filter.regions);
  list('member_level_id', filter.memberLevelIds);
  list('order_type', filter.orderTypes);
  list('channel', filter.channels);
  if (filter.categoryIds?.length)
    where.push(
      sql`${sql.raw(`${alias}.category_path`)} && array[${sql.join(
        filter.categoryIds.map((v) => sql`${v}`),
        sql`, `,
      )}]::text[]`,
    );
  return where;
}

/** The facts of a generation under a filter and a scope (the kit's condition names the table itself, so no alias). */
function factsWhere(query: Pick<FactsPageQuery, 'generation' | 'filter' | 'scope'>): SQL {
  const where = [sql`${salesFacts.generation} = ${query.generation}`, ...filterConditions(query.filter, '"sales_facts"', 'paid_day')];
  if (query.scope) where.push(query.scope);
  return sql.join(where, sql` and `);
}

/** The grouped sums (and distinct counts) of `source` under the query's filter, ordered by its keys. */
function aggregateSql(source: SQL, query: SummaryQuery, withCounts: boolean): SQL {
  const where = filterConditions(query.filter, 's', 'day');
  const keys = query.groupBy.map((d) => sql.raw(`${KEY_EXPRESSIONS[d]} as "${d}"`));
  const groups = [...query.groupBy.map((d) => sql.raw(KEY_EXPRESSIONS[d])), sql.raw('s.currency')];
  const sums = sql.raw(MEASURE_KEYS.map((k) => `coalesce(sum(s.${salesFacts[k].name}), 0)::text as "${k}"`).join(', '));
  const counts = withCounts
    ? sql`, count(distinct s.order_id)::int as "orders", count(distinct s.member_id)::int as "buyers"`
    : sql`, 0 as "orders", 0 as "buyers"`;
  return sql`
      select ${sql.join([...keys, sql.raw('s.currency as "currency"')], sql`, `)}, ${sums} ${counts}
      from (${source}) s
      where ${sql.join(where, sql` and `)}
      group by ${sql.join(groups, sql`, `)}
      order by ${sql.join(groups, sql`, `)}`;
}

function summaryRowOf(r: Record<string, unknown>, groupBy: Dimension[]): SummaryRow {
  return {
    keys: Object.fromEntries(groupBy.map((d) => [d, r[d] == null ? null : String(r[d])])),
    currency: String(r.currency),
    measures: Object.fromEntries(MEASURE_KEYS.map((k) => [k, k === 'units' ? Number(r[k]) : BigInt(String(r[k]))])) as Measures,
    orders: Number(r.orders),
    buyers: Number(r.buyers),
  };
}

const rowKey = (r: SummaryRow) => JSON.stringify([r.keys, r.currency]);

/** The store the center runs on. */
export const salesStore: SalesStore = new PostgresSalesStore();
