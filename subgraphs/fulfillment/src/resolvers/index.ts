import type { Resolvers } from '../generated/resolvers.ts';
import { Mutation } from './Mutation.ts';
import { Query } from './Query.ts';
import * as types from './types.ts';

export const resolvers: Resolvers = { Query, Mutation, ...types };
