import type { Resolvers } from '../generated/resolvers.ts';
import { Query } from './Query.ts';

export const resolvers: Resolvers = { Query };
