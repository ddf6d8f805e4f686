import type { Resolvers } from '@zhongtai/kit';
import { Member } from './Member.ts';
import { Mutation } from './Mutation.ts';
import { Query } from './Query.ts';

export const resolvers = { Query, Mutation, Member } as Resolvers;
