import type { ConnectionArgs, RequestContext } from '@zhongtai/kit';
import { listBrands, type BrandFilter } from '../domain/brands/brands.ts';
import { childCategories, findCategory } from '../domain/categories/categories.ts';
import { quoteSkus } from '../domain/skus/quotes.ts';
import { categoryStandings, spuStandings } from '../domain/spus/standings.ts';
import { findSku, listSkus, type SkuFilter, type SkuSort } from '../domain/skus/skus.ts';
import { findSpu, listSpus, type SpuFilter, type SpuSort } from '../domain/spus/spus.ts';
import { findProduct, listProducts, type ProductFilter } from '../domain/storefront/storefront.ts';
import type { QueryResolvers } from '../generated/resolvers.ts';

export const Query: QueryResolvers = {
  categories: (_: unknown, { parentId }: { parentId?: string | null }, ctx: RequestContext) => childCategories(ctx, parentId ?? null),
  category: (_: unknown, { id }: { id: string }, ctx: RequestContext) => findCategory(ctx, id),
  brands: (_: unknown, args: ConnectionArgs & { filter?: BrandFilter | null }, ctx: RequestContext) => listBrands(ctx, args, args.filter ?? {}),

  spus: (_: unknown, args: ConnectionArgs & { filter?: SpuFilter | null; sort?: SpuSort | null }, ctx: RequestContext) =>
    listSpus(ctx, args, args.filter ?? {}, args.sort ?? undefined),
  spu: (_: unknown, { id }: { id: string }, ctx: RequestContext) => findSpu(ctx, id),

  skus: (_: unknown, args: ConnectionArgs & { filter?: SkuFilter | null; sort?: SkuSort | null }, ctx: RequestContext) =>
    listSkus(ctx, args, args.filter ?? {}, args.sort ?? undefined),
  sku: (_: unknown, { id }: { id: string }, ctx: RequestContext) => findSku(ctx, id),

  products: (_: unknown, args: ConnectionArgs & { filter?: ProductFilter | null; sort?: SpuSort | null }, ctx: RequestContext) =>
    listProducts(ctx, args, args.filter ?? {}, args.sort ?? undefined),
  product: (_: unknown, { id }: { id: string }, ctx: RequestContext) => findProduct(ctx, id),

  quoteSkus: (_: unknown, { ids }: { ids: string[] }, ctx: RequestContext) => quoteSkus(ctx, ids),
  spuStandings: (_: unknown, { ids }: { ids: string[] }, ctx: RequestContext) => spuStandings(ctx, ids),
  categoryStandings: (_: unknown, { ids }: { ids: string[] }, ctx: RequestContext) => categoryStandings(ctx, ids),
};
