import type { Resolvers } from '@zhongtai/kit';
import { Mutation } from './Mutation.ts';
import { Query } from './Query.ts';
import * as types from './types.ts';

export const resolvers = { Query, Mutation, ...types } as Resolvers;
