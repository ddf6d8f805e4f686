import type { Sql } from 'postgres';
import type { Prng } from '@zhongtai/kit';

/** Ids and ranges sampled from the database at start; variables are drawn from them. */
export interface DataSet {
  /** Status and [from, to) createdAt windows that each hold at least a full page of orders. */
  orderWindows: { status: string; from: string; to: string }[];
  orderIds: string[];
  /** Shops with products, for merchant tokens; the ones with most SPUs first. */
  merchantShopIds: string[];
  /** ON_SALE SPUs, for the storefront product page. */
  onSaleSpuIds: string[];
  /** ACTIVE members, one per placeOrder so no two requests share a customer. */
  memberIds: string[];
  /** ACTIVE SKUs of ON_SALE physical SPUs with plenty of stock. */
  buyableSkuIds: string[];
}

/** Who sends the request: the runner mints (and caches) one token per distinct caller. */
export interface Caller {
  role: 'ADMIN' | 'MERCHANT' | 'CUSTOMER';
  shopId?: string;
  memberId?: string;
}

export interface Request {
  variables: Record<string, unknown>;
  caller: Caller;
}

/** What the hand-written SQL returned: the top-level ids (checked against GraphQL) and how many statements it took. */
export interface FloorResult {
  ids: string[];
  rows: number;
  statements: number;
}

export interface Scenario {
  name: string;
  title: string;
  description: string;
  role: Caller['role'];
  writes: boolean;
  /** The GraphQL operation, against schema/api.graphql. */
  query: string;
  /** Request number `n`: variables and caller, drawn from the data set. */
  request(data: DataSet, n: number, random: Prng): Request;
  /** The same request with another page size (lists) — the SQL-per-request test varies it. */
  withPageSize?(variables: Record<string, unknown>, size: number): Record<string, unknown>;
  /** Top-level ids of a GraphQL response, in order (compared with the floor's). */
  idsOf?(data: Record<string, any>): string[];
  /** The equivalent hand-written SQL with postgres.js: what the database alone costs. */
  floor?(sql: Sql, request: Request): Promise<FloorResult>;
  /** A 200 can still be a failure: GraphQL errors always, userErrors for mutations. */
  failed?(body: string): boolean;
}

export const PAGE_SIZE = 50;
