import { and, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '@zhongtai/kit';
import { dayShopCategory, daySku, MEASURE_KEYS, salesFacts, salesRefunds, type Measures, type SalesFactInsert, type SalesFactRow } from '../db/tables.ts';

/**
 * Everything the center stores and asks of its read model goes through this one interface, so a
 * columnar engine (ClickHouse or similar) fed by the same events can replace the PostgreSQL tables
 * (docs/SCALING.md says when). Writes are idempotent per fact and per refund share, and keep the
 * rollups in step in the same transaction (`db` is the caller's transaction).
 */
export interface SalesStore {
  /** Records paid lines; a line already recorded in a generation is left as it is. Returns the lines newly recorded. */
  recordSale(db: Db, generation: number, lines: Omit<SalesFactInsert, 'generation'>[]): Promise<SalesFactRow[]>;
  /** The facts of an order, or of every shop order of a checkout. */
  factsOfOrder(db: Db, generation: number, orderOrCheckoutId: string): Promise<SalesFactRow[]>;
  factsOfLines(db: Db, generation: number, orderLineIds: string[]): Promise<SalesFactRow[]>;
  /** Records refund shares (counted on `refundDay`); a share already recorded is left alone. Returns how many were new. */
  recordRefund(db: Db, generation: number, shares: RefundShare[]): Promise<number>;
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
  scope: { facts: SQL | undefined; dayShopCategory: SQL | undefined; daySku: SQL | undefined };
  /** Count distinct orders and buyers (only the facts can). */
  withCounts: boolean;
}

export interface SummaryRow {
  keys: Partial<Record<Dimension, string | null>>;
  currency: string;
  measures: Measures;
  orders: number;
  buyers: number;
}

export interface RollupDifference {
  rollup: 'DAY_SHOP_CATEGORY' | 'DAY_SKU';
  key: string;
  measure: string;
  rollupValue: string;
  factsValue: string;
}

const ROLLUP_DIMENSIONS: Record<'dayShopCategory' | 'daySku', ReadonlySet<Dimension>> = {
  dayShopCategory: new Set(['DAY', 'WEEK', 'MONTH', 'SHOP', 'CATEGORY']),
  daySku: new Set(['DAY', 'WEEK', 'MONTH', 'SHOP', 'SKU']),
};

/** The rollup able to answer a query, or null when only the facts can (a dimension or filter it lacks, or distinct counts). */
export function rollupFor(query: Pick<SummaryQuery, 'groupBy' | 'filter'>): 'dayShopCategory' | 'daySku' | null {
  const f = query.filter;
  const other = [f.brandIds, f.regions, f.memberLevelIds, f.orderTypes, f.channels].some((list) => list?.length);
  if (other) return null;
  for (const name of ['dayShopCategory', 'daySku'] as const) {
    const dims = ROLLUP_DIMENSIONS[name];
    if (!query.groupBy.every((d) => dims.has(d))) continue;
    if (name === 'dayShopCategory' && f.skuIds?.length) continue;
    if (name === 'daySku' && f.categoryIds?.length) continue;
    return name;
  }
  return null;
}

const columnName = (table: typeof salesFacts | typeof dayShopCategory | typeof daySku, key: keyof Measures) => table[key].name;

/** `zeroRefunded`: a fact's own running total of refunds is left out, its refunds count through their own rows (on their day). */
function measureColumns(table: typeof salesFacts | typeof dayShopCategory | typeof daySku, alias: string, zeroRefunded = false): SQL {
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

  async recordRefund(db: Db, generation: number, shares: RefundShare[]): Promise<number> {
    let recorded = 0;
    for (const share of shares) {
      const [row] = await db
        .insert(salesRefunds)
        .values({
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
        })
        .onConflictDoNothing()
        .returning();
      if (!row) continue;
      recorded++;
      await db
        .update(salesFacts)
        .set({ refunded: sql`${salesFacts.refunded} + ${share.amount}` })
        .where(and(eq(salesFacts.generation, generation), eq(salesFacts.orderLineId, share.fact.orderLineId)));
      await this.addToRollups(db, generation, [{ fact: share.fact, day: share.refundDay, delta: { refunded: share.amount } }]);
    }
    return recorded;
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
   * Adds each `delta` to both rollups under its fact's keys on `day`: summed per key here first,
   * since one upsert may not touch a row twice, then one statement per rollup and chunk.
   */
  private async addToRollups(db: Db, generation: number, changes: { fact: SalesFactRow; day: string; delta: Partial<Measures> }[]): Promise<void> {
    if (!changes.length) return;
    const sum = <K>(keyOf: (c: (typeof changes)[number]) => string, row: (c: (typeof changes)[number]) => K) => {
      const byKey = new Map<string, K & Measures>();
      for (const change of changes) {
        const key = keyOf(change);
        const into = byKey.get(key) ?? ({ ...row(change), ...zero() } as K & Measures);
        for (const k of MEASURE_KEYS) {
          const add = change.delta[k];
          if (add === undefined) continue;
          if (k === 'units') into.units += Number(add);
          else into[k] = (into[k] as bigint) + BigInt(add);
        }
        byKey.set(key, into);
      }
      return [...byKey.values()];
    };
    const adds = <T extends typeof dayShopCategory | typeof daySku>(table: T) =>
      Object.fromEntries(MEASURE_KEYS.map((k) => [k, sql`${table[k]} + excluded.${sql.identifier(table[k].name)}`]));
    const byCategory = sum(
      ({ fact, day }) => JSON.stringify([day, fact.shopId, fact.categoryId ?? '', fact.currency]),
      ({ fact, day }) => ({
        generation,
        day,
        shopId: fact.shopId,
        categoryId: fact.categoryId ?? '',
        categoryPath: fact.categoryPath,
        currency: fact.currency,
      }),
    );
    for (let i = 0; i < byCategory.length; i += INSERT_CHUNK)
      await db
        .insert(dayShopCategory)
        .values(byCategory.slice(i, i + INSERT_CHUNK))
        .onConflictDoUpdate({
          target: [dayShopCategory.generation, dayShopCategory.day, dayShopCategory.shopId, dayShopCategory.categoryId, dayShopCategory.currency],
          set: adds(dayShopCategory),
        });
    const bySku = sum(
      ({ fact, day }) => JSON.stringify([day, fact.skuId, fact.currency]),
      ({ fact, day }) => ({ generation, day, skuId: fact.skuId, shopId: fact.shopId, currency: fact.currency }),
    );
    for (let i = 0; i < bySku.length; i += INSERT_CHUNK)
      await db
        .insert(daySku)
        .values(bySku.slice(i, i + INSERT_CHUNK))
        .onConflictDoUpdate({ target: [daySku.generation, daySku.day, daySku.skuId, daySku.currency], set: adds(daySku) });
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

  private rollupSource(name: 'dayShopCategory' | 'daySku', generation: number, scope: SQL | undefined): SQL {
    if (name === 'dayShopCategory') {
      const t = dayShopCategory;
      return sql`
        select ${t.day} as day, ${t.shopId} as shop_id, nullif(${t.categoryId}, '') as category_id, ${t.categoryPath} as category_path,
               null::text as sku_id, ${t.currency} as currency, ${measureColumns(t, 'rollup_day_shop_category')}
        from ${t} where ${t.generation} = ${generation} ${scope ? sql`and ${scope}` : sql``}`;
    }
    const t = daySku;
    return sql`
      select ${t.day} as day, ${t.shopId} as shop_id, null::text as category_id, null::text[] as category_path, ${t.skuId} as sku_id,
             ${t.currency} as currency, ${measureColumns(t, 'rollup_day_sku')}
      from ${t} where ${t.generation} = ${generation} ${scope ? sql`and ${scope}` : sql``}`;
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
    const all = { facts: undefined, dayShopCategory: undefined, daySku: undefined };
    const filter = { from, to };
    for (const [name, groupBy, label] of [
      ['dayShopCategory', ['DAY', 'SHOP', 'CATEGORY'], 'DAY_SHOP_CATEGORY'],
      ['daySku', ['DAY', 'SKU'], 'DAY_SKU'],
    ] as const) {
      const query: SummaryQuery = { generation, groupBy: [...groupBy], filter, scope: all, withCounts: false };
      const fromRollup = await this.aggregate(db, this.rollupSource(name, generation, undefined), query, false);
      const fromFacts = await this.aggregate(db, this.factsSource(generation, undefined), query, false);
      const rollupByKey = new Map(fromRollup.map((r) => [rowKey(r), r]));
      const factsByKey = new Map(fromFacts.map((r) => [rowKey(r), r]));
      for (const key of new Set([...rollupByKey.keys(), ...factsByKey.keys()])) {
        for (const measure of MEASURE_KEYS) {
          const a = rollupByKey.get(key)?.measures[measure] ?? 0n;
          const b = factsByKey.get(key)?.measures[measure] ?? 0n;
          if (BigInt(a) !== BigInt(b)) differences.push({ rollup: label, key, measure, rollupValue: String(a), factsValue: String(b) });
        }
      }
    }
    return differences;
  }
}

/** Rows per insert: a fact has about 35 columns, and a statement takes at most 65,535 parameters. */
const INSERT_CHUNK = 1000;
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
