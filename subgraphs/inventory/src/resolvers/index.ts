import type { Resolvers } from '../generated/resolvers.ts';
import * as documents from './documents.ts';
import { Mutation } from './Mutation.ts';
import { Query } from './Query.ts';
import * as stock from './stock.ts';

export const resolvers: Resolvers = { Query, Mutation, ...stock, ...documents };
