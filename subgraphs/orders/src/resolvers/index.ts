import type { Resolvers } from '../generated/resolvers.ts';
import { Mutation } from './Mutation.ts';
import { Checkout, Order, OrderLine, PresalePlan } from './Order.ts';
import { Query } from './Query.ts';

export const resolvers: Resolvers = { Query, Mutation, Order, OrderLine, Checkout, PresalePlan };
