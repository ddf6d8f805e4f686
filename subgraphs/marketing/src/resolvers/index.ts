import type { Resolvers } from '../generated/resolvers.ts';
import { Mutation } from './Mutation.ts';
import { Query } from './Query.ts';
import { Campaign, Coupon, CouponTemplate, FlashSale, Promotion } from './types.ts';

export const resolvers: Resolvers = { Query, Mutation, CouponTemplate, Coupon, Promotion, FlashSale, Campaign };
