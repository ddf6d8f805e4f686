import type { Resolvers } from '@zhongtai/kit';
import { Mutation } from './Mutation.ts';
import { Payment } from './Payment.ts';
import { Query } from './Query.ts';
import { Refund } from './Refund.ts';

export const resolvers = { Query, Mutation, Payment, Refund } as Resolvers;
