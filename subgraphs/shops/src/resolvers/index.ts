import type { Resolvers } from '../generated/resolvers.ts';
import { AuditEntry } from './AuditEntry.ts';
import { Mutation } from './Mutation.ts';
import { Query } from './Query.ts';
import { Shop } from './Shop.ts';
import { ShopStaff } from './ShopStaff.ts';

export const resolvers: Resolvers = { Query, Mutation, Shop, ShopStaff, AuditEntry };
