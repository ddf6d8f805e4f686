import { DEMO_MEMBER_ID, DEMO_MERCHANT_SHOP_ID, demoPlatformStaffId, demoShopStaffId, type TokenService } from '@zhongtai/kit';

/**
 * One token per client role, for the explorer and the start banner. Never in production
 * (config.production: anything but development or test). Staff tokens name seeded staff: the
 * platform's SUPER_ADMIN and the demo shop's OWNER.
 */
export async function devTokens(tokens: TokenService, production: boolean): Promise<Record<string, string>> {
  if (production) return {};
  return {
    ADMIN: await tokens.sign({ role: 'ADMIN', staffId: demoPlatformStaffId('SUPER_ADMIN'), subject: 'admin:dev' }),
    MERCHANT: await tokens.sign({ role: 'MERCHANT', shopId: DEMO_MERCHANT_SHOP_ID, staffId: demoShopStaffId(1, 'OWNER'), subject: 'merchant:dev' }),
    ANALYST: await tokens.sign({ role: 'ANALYST', subject: 'analyst:dev' }),
    CUSTOMER: await tokens.sign({ role: 'CUSTOMER', memberId: DEMO_MEMBER_ID, subject: 'customer:dev' }),
  };
}
