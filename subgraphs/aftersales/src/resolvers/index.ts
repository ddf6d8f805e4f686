import type { Resolvers } from '../generated/resolvers.ts';
import { AfterSaleRequest } from './AfterSaleRequest.ts';
import { AfterSaleStep } from './AfterSaleStep.ts';
import { Member } from './Member.ts';
import { Mutation } from './Mutation.ts';
import { Order } from './Order.ts';
import { Query } from './Query.ts';
import { ServiceTicket, TicketStep } from './ServiceTicket.ts';

export const resolvers: Resolvers = { Query, Mutation, AfterSaleRequest, AfterSaleStep, Order, Member, ServiceTicket, TicketStep };
