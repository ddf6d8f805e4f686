import { amountSetting, isProduction, numberSetting, sandboxEnabled } from '@zhongtai/kit';

/**
 * 跨境 settings, read from the environment when used. The identity key and the customs sandbox
 * secret have public dev defaults, like JWT_SECRET, that production refuses at start.
 */
export const DEV_BUYER_IDENTITY_KEY = 'zhongtai-buyer-identity-dev-key-do-not-use-in-production';
export const DEV_CUSTOMS_SANDBOX_SECRET = 'zhongtai-customs-sandbox-dev-secret-do-not-use-in-production';

export interface CrossBorderConfig {
  /** Most one cross-border order may be worth (goods after discounts plus freight), minor units of CNY. */
  singleLimit: bigint;
  /** Most one person (by ID number) may buy cross-border in a calendar year (Asia/Shanghai), minor units of CNY. */
  annualLimit: bigint;
  /** 增值税 VAT, basis points (13%). */
  vatBps: number;
  /** 消费税 consumption tax where the SKU names none, basis points. */
  consumptionTaxBps: number;
  /** Within the limits the import VAT and consumption tax are levied at this share (70%), basis points. */
  taxShareBps: number;
  /** AES-256-GCM key material of the buyer's identity (any text of 32+ characters; hashed to 32 bytes). Null in production without BUYER_IDENTITY_KEY: cross-border sales are off. */
  identityKey: string | null;
  /** HMAC secret the customs sandbox signs its receipts with. */
  customsSandboxSecret: string;
  /** Where the customs sandbox posts its receipts. */
  customsSandboxCallbackUrl: string;
  /** How old (or how far ahead) a receipt's timestamp may be. */
  receiptToleranceSeconds: number;
  customsSandboxEnabled: boolean;
}

export function loadCrossBorderConfig(env: NodeJS.ProcessEnv = process.env): CrossBorderConfig {
  const production = isProduction(env);
  // The identity key guards ID numbers: the public default would let anyone with the database read
  // them, so production never uses it. Without BUYER_IDENTITY_KEY there, cross-border checkouts are refused.
  const given = env.BUYER_IDENTITY_KEY?.trim() || null;
  if (given === DEV_BUYER_IDENTITY_KEY && production) throw new Error('BUYER_IDENTITY_KEY must not be the public dev default in production');
  if (given && given.length < 32) throw new Error('BUYER_IDENTITY_KEY must be at least 32 characters');
  const identityKey = given ?? (production ? null : DEV_BUYER_IDENTITY_KEY);
  const customsSandboxEnabled = sandboxEnabled('customs', env);
  const customsSandboxSecret = env.CUSTOMS_SANDBOX_SECRET ?? DEV_CUSTOMS_SANDBOX_SECRET;
  if (production && customsSandboxEnabled && customsSandboxSecret === DEV_CUSTOMS_SANDBOX_SECRET)
    throw new Error('CUSTOMS_SANDBOX_SECRET must be set in production when SANDBOX_PROVIDERS names customs (the dev default is public)');
  if (customsSandboxSecret.length < 32) throw new Error('CUSTOMS_SANDBOX_SECRET must be at least 32 characters');
  return {
    singleLimit: amountSetting(env, 'CROSS_BORDER_SINGLE_LIMIT', 500_000n),
    annualLimit: amountSetting(env, 'CROSS_BORDER_ANNUAL_LIMIT', 2_600_000n),
    vatBps: numberSetting(env, 'CROSS_BORDER_VAT_BPS', 1300, 'whole'),
    consumptionTaxBps: numberSetting(env, 'CROSS_BORDER_CONSUMPTION_TAX_BPS', 0, 'whole'),
    taxShareBps: numberSetting(env, 'CROSS_BORDER_TAX_SHARE_BPS', 7000, 'whole'),
    identityKey,
    customsSandboxSecret,
    customsSandboxCallbackUrl: env.CUSTOMS_SANDBOX_CALLBACK_URL || `http://127.0.0.1:${env.PORT || 4000}/hooks/orders/customs/sandbox/receipt`,
    receiptToleranceSeconds: numberSetting(env, 'CUSTOMS_RECEIPT_TOLERANCE_SECONDS', 300, 'positive-integer'),
    customsSandboxEnabled,
  };
}
