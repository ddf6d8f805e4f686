import { isProduction, numberSetting, sandboxEnabled } from '@zhongtai/kit';

/**
 * The payment center's settings, read from the environment when used (a test may point the
 * sandbox at the port its gateway got). Like JWT_SECRET, the sandbox secret has a public dev
 * default that production refuses.
 */
export const DEV_SANDBOX_SECRET = 'zhongtai-sandbox-dev-secret-do-not-use-in-production';

export interface PaymentsConfig {
  /** HMAC secret the sandbox signs its callbacks with (a real provider has its own). */
  sandboxSecret: string;
  /** Where the sandbox sends callbacks: the gateway's (or this center's) hook route. */
  sandboxCallbackUrl: string;
  /** How old (or how far ahead) a callback's timestamp may be. */
  callbackToleranceSeconds: number;
  /** PAYMENT_SANDBOX_DECLINE_REFUNDS=1: the sandbox refuses every refund (FAILED), as a provider may; for trying the failure paths. */
  sandboxDeclinesRefunds: boolean;
  /**
   * PAYMENT_SANDBOX_DEFER_REFUNDS=1: the sandbox answers refunds PENDING and tells the outcome later
   * in a signed refund callback, as providers that confirm refunds asynchronously do (tests send it).
   */
  sandboxDefersRefunds: boolean;
  /** The sandbox's customer-facing pay page is off in production. */
  production: boolean;
  /** The sandbox provider may pay: outside production, or when SANDBOX_PROVIDERS names `payments`. */
  sandboxEnabled: boolean;
}

export function loadPaymentsConfig(env: NodeJS.ProcessEnv = process.env): PaymentsConfig {
  const production = isProduction(env);
  const enabled = sandboxEnabled('payments', env);
  const sandboxSecret = env.PAYMENT_SANDBOX_SECRET ?? DEV_SANDBOX_SECRET;
  if (production && enabled && sandboxSecret === DEV_SANDBOX_SECRET) {
    throw new Error('PAYMENT_SANDBOX_SECRET must be set in production when SANDBOX_PROVIDERS names payments (the dev default is public)');
  }
  if (sandboxSecret.length < 32) throw new Error('PAYMENT_SANDBOX_SECRET must be at least 32 characters');
  const tolerance = numberSetting(env, 'PAYMENT_CALLBACK_TOLERANCE_SECONDS', 300, 'positive-integer');
  return {
    sandboxSecret,
    sandboxCallbackUrl: env.PAYMENT_SANDBOX_CALLBACK_URL || `http://127.0.0.1:${env.PORT || 4000}/hooks/payments/sandbox/callback`,
    callbackToleranceSeconds: tolerance,
    sandboxDeclinesRefunds: env.PAYMENT_SANDBOX_DECLINE_REFUNDS === '1',
    sandboxDefersRefunds: env.PAYMENT_SANDBOX_DEFER_REFUNDS === '1',
    production,
    sandboxEnabled: enabled,
  };
}
