import type { Resolvers } from '../generated/resolvers.ts';
import { ConsignedStock, ConsignmentLot } from './ConsignedStock.ts';
import { InboundReceipt, InboundReceiptLine } from './InboundReceipt.ts';
import { Mutation } from './Mutation.ts';
import { OutboundOrder, OutboundOrderLine } from './OutboundOrder.ts';
import { Query } from './Query.ts';
import { Shop } from './Shop.ts';
import { Sku, SkuStock } from './Sku.ts';
import { StockLevel } from './StockLevel.ts';
import { StockMovement } from './StockMovement.ts';
import { StockAllocation, StockReservation } from './StockReservation.ts';
import { Stocktake, StocktakeLine } from './Stocktake.ts';
import { Warehouse, WarehouseStock } from './Warehouse.ts';

export const resolvers: Resolvers = {
  Query,
  Mutation,
  Warehouse,
  WarehouseStock,
  Shop,
  Sku,
  SkuStock,
  StockLevel,
  ConsignedStock,
  ConsignmentLot,
  StockMovement,
  StockReservation,
  StockAllocation,
  InboundReceipt,
  InboundReceiptLine,
  OutboundOrder,
  OutboundOrderLine,
  Stocktake,
  StocktakeLine,
};
