import type { Resolvers } from '../generated/resolvers.ts';
import { ModerationCase } from './ModerationCase.ts';
import { Mutation } from './Mutation.ts';
import { Query } from './Query.ts';
import { Review } from './Review.ts';
import { Shop } from './Shop.ts';
import { Spu } from './Spu.ts';

export const resolvers: Resolvers = { Query, Mutation, Review, ModerationCase, Spu, Shop };
