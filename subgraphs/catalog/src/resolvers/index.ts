import type { Resolvers } from '@zhongtai/kit';
import { Category } from './Category.ts';
import { Mutation } from './Mutation.ts';
import { Query } from './Query.ts';
import { Shop } from './Shop.ts';
import { Sku } from './Sku.ts';
import { Spu } from './Spu.ts';

export const resolvers = { Query, Mutation, Category, Spu, Sku, Shop } as Resolvers;
