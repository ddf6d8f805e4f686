import type { Resolvers } from '../generated/resolvers.ts';
import { Mutation } from './Mutation.ts';
import { Payment } from './Payment.ts';
import { Query } from './Query.ts';
import { Refund } from './Refund.ts';
import { Shop } from './Shop.ts';

export const resolvers: Resolvers = { Query, Mutation, Payment, Refund, Shop };
