import { numberSetting } from './settings.ts';
import type { RequestContext } from './context.ts';
import { logger } from './log.ts';
import { assessRisk, recordSkippedAssessment, type AssessRiskInput } from './services/risk.ts';

/**
 * The risk center asked within a deadline, the one way every caller does it (orders at placeOrder,
 * payments at createPayment, after-sales at filing): a verdict that does not come in time, or not
 * at all, never stops the caller. It goes on and records SKIPPED through the job below.
 */
export type RiskAnswer = { decision: 'ALLOW' | 'REVIEW' | 'DENY' } | { decision: 'SKIPPED'; reason: string };

/** The job each caller registers (`jobs[RECORD_SKIPPED_RISK_JOB] = recordSkippedRisk`) and schedules on SKIPPED. */
export const RECORD_SKIPPED_RISK_JOB = 'recordSkippedRisk';

class RiskLate extends Error {}

/**
 * Every caller waits the same: ORDER_RISK_DEADLINE_MS (named after its first caller, the orders
 * center), default 200 ms; read at call time.
 */
export function riskDeadlineMs(env: NodeJS.ProcessEnv = process.env): number {
  return numberSetting(env, 'ORDER_RISK_DEADLINE_MS', 200, 'positive');
}

export async function askRisk(ctx: RequestContext, input: AssessRiskInput, deadlineMs = riskDeadlineMs()): Promise<RiskAnswer> {
  const call = ctx.services.call(assessRisk, { input });
  // The in-process call cannot be aborted; a late answer must not become an unhandled rejection.
  call.catch(() => {});
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RiskLate(`no verdict within ${deadlineMs} ms`)), deadlineMs);
  });
  let reason: string;
  try {
    const { assessRisk: answer } = await Promise.race([call, late]);
    const decision = answer.assessment?.decision;
    if (decision === 'ALLOW' || decision === 'REVIEW' || decision === 'DENY') return { decision };
    reason = `risk center refused the request: ${answer.userErrors.map((e) => e.message).join('; ') || 'no verdict'}`;
  } catch (error) {
    reason = error instanceof RiskLate ? `risk center late: ${error.message}` : `risk center unreachable: ${(error as Error).message}`;
  } finally {
    clearTimeout(timer);
  }
  logger(ctx).warn('going on without a risk verdict', { kind: input.kind, subject: input.orderId, reason });
  return { decision: 'SKIPPED', reason: reason.slice(0, 500) };
}

/** The job: SKIPPED recorded once (the risk center dedupes per subject); throws while it is still down, so the queue retries. */
export async function recordSkippedRisk(ctx: RequestContext, input: AssessRiskInput & { reason: string }): Promise<void> {
  const { recordSkippedAssessment: answer } = await ctx.services.call(recordSkippedAssessment, { input });
  if (!answer.assessment) logger(ctx).error('the risk center refused a SKIPPED record', { subject: input.orderId, errors: answer.userErrors });
}
