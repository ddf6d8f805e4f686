import { and, eq } from 'drizzle-orm';
import { newId, ok, Problems, requiredText, type RequestContext, type Result } from '@zhongtai/kit';
import { assessments, type AssessmentRow } from '../db/tables.ts';
import { inputsOf, linkOrders, type AssessRiskInput } from './assess.ts';
import { ASSESSMENT_ID_PREFIX } from './ids.ts';

/**
 * The caller went on without a verdict (this center was down, or slower than the caller's
 * deadline): recorded as SKIPPED, once per subject however often the caller retries, and it
 * becomes the assessment of the orders even when a late verdict had been stored for them.
 */
export async function recordSkippedAssessment(ctx: RequestContext, input: AssessRiskInput & { reason: string }): Promise<Result<AssessmentRow>> {
  const problems = new Problems();
  const reason = requiredText(problems, input.reason, ['input', 'reason'], 'Reason', 500);
  requiredText(problems, input.orderId, ['input', 'orderId'], 'Order', 40);
  if (problems.any) return problems.refuse();
  const { reason: _r, ...request } = input;
  return ctx.db.transaction(async (tx) => {
    await tx
      .insert(assessments)
      .values({
        id: newId(ASSESSMENT_ID_PREFIX),
        kind: request.kind,
        decision: 'SKIPPED',
        score: 0,
        firedRules: [],
        inputs: inputsOf(request),
        memberId: request.memberId,
        subjectId: request.orderId,
        skippedReason: reason ?? input.reason,
      })
      .onConflictDoNothing();
    const [row] = await tx
      .select()
      .from(assessments)
      .where(and(eq(assessments.kind, request.kind), eq(assessments.subjectId, request.orderId), eq(assessments.decision, 'SKIPPED')));
    if (!row) throw new Error('the SKIPPED assessment was neither inserted nor found');
    await linkOrders(tx, row.id, request.orderIds ?? [], true);
    return ok(row);
  });
}
