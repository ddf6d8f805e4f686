import type { Resolvers } from '../generated/resolvers.ts';
import { AttributeDefinition, Brand } from './Brand.ts';
import { Category } from './Category.ts';
import { PriceChange } from './PriceChange.ts';
import { Mutation } from './Mutation.ts';
import { Query } from './Query.ts';
import { Shop } from './Shop.ts';
import { Sku } from './Sku.ts';
import { Spu } from './Spu.ts';

export const resolvers: Resolvers = { Query, Mutation, Category, AttributeDefinition, Brand, Spu, Sku, PriceChange, Shop };
