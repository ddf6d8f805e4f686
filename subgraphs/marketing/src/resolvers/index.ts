import type { Resolvers } from '../generated/resolvers.ts';
import { Campaign } from './Campaign.ts';
import { Coupon } from './Coupon.ts';
import { CouponTemplate } from './CouponTemplate.ts';
import { FlashSale } from './FlashSale.ts';
import { Mutation } from './Mutation.ts';
import { Promotion } from './Promotion.ts';
import { Query } from './Query.ts';

export const resolvers: Resolvers = { Query, Mutation, CouponTemplate, Coupon, Promotion, FlashSale, Campaign };
