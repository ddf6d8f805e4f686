import type { Resolvers } from '@zhongtai/kit';
import { Mutation } from './Mutation.ts';
import { Query } from './Query.ts';
import { Campaign, Coupon, CouponTemplate, FlashSale, Promotion } from './types.ts';

export const resolvers = { Query, Mutation, CouponTemplate, Coupon, Promotion, FlashSale, Campaign } as Resolvers;
