import { isProduction, numberSetting, sandboxEnabled } from '@zhongtai/kit';

/** The finance center's settings, read at call time from the environment (tests shorten them). */
export const DEV_PAYOUT_SANDBOX_SECRET = 'zhongtai-payout-sandbox-dev-secret-do-not-use-in-production';

export interface FinanceConfig {
  /** T+N: a completed order is settleable N days after completion. FINANCE_SETTLEMENT_DAYS, default 7. */
  settlementDays: number;
  /** The commission when neither the category nor the shop has a rate. FINANCE_DEFAULT_COMMISSION_BPS, default 500 (5 %). */
  defaultCommissionBps: number;
  /** HMAC secret of the sandbox payout provider's callbacks. FINANCE_PAYOUT_SANDBOX_SECRET. */
  payoutSandboxSecret: string;
  /** Where the sandbox payout provider POSTs its callbacks: the gateway's (or this center's) hook route. */
  payoutSandboxCallbackUrl: string;
  callbackToleranceSeconds: number;
  payoutSandboxEnabled: boolean;
}

export function loadFinanceConfig(env: NodeJS.ProcessEnv = process.env): FinanceConfig {
  const enabled = sandboxEnabled('payouts', env);
  const secret = env.FINANCE_PAYOUT_SANDBOX_SECRET ?? DEV_PAYOUT_SANDBOX_SECRET;
  if (isProduction(env) && enabled && secret === DEV_PAYOUT_SANDBOX_SECRET) {
    throw new Error('FINANCE_PAYOUT_SANDBOX_SECRET must be set in production when SANDBOX_PROVIDERS names payouts (the dev default is public)');
  }
  if (secret.length < 32) throw new Error('FINANCE_PAYOUT_SANDBOX_SECRET must be at least 32 characters');
  return {
    settlementDays: numberSetting(env, 'FINANCE_SETTLEMENT_DAYS', 7, 'whole'),
    defaultCommissionBps: numberSetting(env, 'FINANCE_DEFAULT_COMMISSION_BPS', 500, 'whole'),
    payoutSandboxSecret: secret,
    payoutSandboxCallbackUrl: env.FINANCE_PAYOUT_SANDBOX_CALLBACK_URL || `http://127.0.0.1:${env.PORT || 4000}/hooks/finance/payouts/sandbox/callback`,
    callbackToleranceSeconds: 300,
    payoutSandboxEnabled: enabled,
  };
}
