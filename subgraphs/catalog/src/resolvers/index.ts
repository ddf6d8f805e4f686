import type { Resolvers } from '../generated/resolvers.ts';
import { AttributeDefinition } from './AttributeDefinition.ts';
import { Brand } from './Brand.ts';
import { Category } from './Category.ts';
import { Mutation } from './Mutation.ts';
import { PriceChange } from './PriceChange.ts';
import { Query } from './Query.ts';
import { Shop } from './Shop.ts';
import { Sku } from './Sku.ts';
import { Spu } from './Spu.ts';

export const resolvers: Resolvers = { Query, Mutation, Category, AttributeDefinition, Brand, Spu, Sku, PriceChange, Shop };
