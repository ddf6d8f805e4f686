import type { Resolvers } from '@zhongtai/kit';
import * as documents from './documents.ts';
import { Mutation } from './Mutation.ts';
import { Query } from './Query.ts';
import * as stock from './stock.ts';

export const resolvers = { Query, Mutation, ...stock, ...documents } as Resolvers;
