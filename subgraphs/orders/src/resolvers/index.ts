import type { Resolvers } from '../generated/resolvers.ts';
import { Checkout } from './Checkout.ts';
import { Mutation } from './Mutation.ts';
import { AfterSaleOrderLine, Order, OrderCrossBorder, OrderLine } from './Order.ts';
import { PresalePlan } from './PresalePlan.ts';
import { Query } from './Query.ts';
import { Coupon, Payment, Refund } from './References.ts';

export const resolvers: Resolvers = { Query, Mutation, Order, OrderLine, OrderCrossBorder, AfterSaleOrderLine, Checkout, PresalePlan, Payment, Refund, Coupon };
