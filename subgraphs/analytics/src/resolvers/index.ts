import type { Resolvers } from '../generated/resolvers.ts';
import { Mutation } from './Mutation.ts';
import { Query } from './Query.ts';
import { SalesExport } from './SalesExport.ts';

export const resolvers: Resolvers = { Query, Mutation, SalesExport };
