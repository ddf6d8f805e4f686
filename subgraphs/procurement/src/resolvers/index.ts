import type { Resolvers } from '../generated/resolvers.ts';
import { DropShipOffer } from './DropShipOffer.ts';
import { Mutation } from './Mutation.ts';
import { Query } from './Query.ts';
import { Sku } from './Sku.ts';
import { Supplier } from './Supplier.ts';

export const resolvers: Resolvers = { Query, Mutation, Supplier, DropShipOffer, Sku };
