import type { Resolvers } from '../generated/resolvers.ts';
import { ConsignmentStatement, ConsignmentStatementLine, ConsignorPayout } from './ConsignmentStatement.ts';
import { DropShipOffer } from './DropShipOffer.ts';
import { Mutation } from './Mutation.ts';
import { PurchaseOrder, PurchaseOrderLine } from './PurchaseOrder.ts';
import { Query } from './Query.ts';
import { ReplenishmentSuggestion } from './ReplenishmentSuggestion.ts';
import { Sku } from './Sku.ts';
import { Supplier } from './Supplier.ts';
import { SupplyTerms } from './SupplyTerms.ts';

export const resolvers: Resolvers = {
  Query,
  Mutation,
  Supplier,
  DropShipOffer,
  SupplyTerms,
  ReplenishmentSuggestion,
  PurchaseOrder,
  PurchaseOrderLine,
  Sku,
  ConsignmentStatement,
  ConsignmentStatementLine,
  ConsignorPayout,
};
