import type { Resolvers } from '@zhongtai/kit';
import { Mutation } from './Mutation.ts';
import { Checkout, Order, OrderLine, PresalePlan } from './Order.ts';
import { Query } from './Query.ts';

export const resolvers = { Query, Mutation, Order, OrderLine, Checkout, PresalePlan } as Resolvers;
