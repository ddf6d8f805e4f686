import type { Resolvers } from '@zhongtai/kit';
import { AuditEntry } from './AuditEntry.ts';
import { Mutation } from './Mutation.ts';
import { Query } from './Query.ts';
import { Shop } from './Shop.ts';
import { ShopStaff } from './ShopStaff.ts';

export const resolvers = { Query, Mutation, Shop, ShopStaff, AuditEntry } as Resolvers;
