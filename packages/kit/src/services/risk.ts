import type { CurrencyCode } from '../money.ts';
import type { UserError } from '../userErrors.ts';
import { serviceOperation } from '../serviceClient.ts';

/** The risk center's internal API, as other centers call it (orders at placeOrder, payments at createPayment, after-sales at filing): through `askRisk` (riskCheck.ts). */
export type RiskAssessmentKind = 'ORDER' | 'PAYMENT' | 'REFUND';
export type RiskDecision = 'ALLOW' | 'REVIEW' | 'DENY' | 'SKIPPED';

export interface AssessRiskInput {
  kind: RiskAssessmentKind;
  memberId: string;
  /** For ORDER the checkout (the parent order); for PAYMENT/REFUND the payment or refund. */
  orderId: string;
  /** The shop orders the verdict applies to: Order.riskAssessment finds it through them. */
  orderIds?: string[] | null;
  amount: { amount: string; currencyCode: CurrencyCode };
  /** Required for ORDER; a payment or refund names it when the caller knows it (the blocklist then checks it). */
  address?: { province: string; city: string; district: string; detail: string; phone: string } | null;
  deviceId?: string | null;
  ip?: string | null;
  couponTemplateId?: string | null;
}

export interface RiskVerdict {
  id: string;
  decision: RiskDecision;
  score: number;
  /** For the caller's logs; never shown to the customer. */
  firedRules: { kind: string; action: 'REVIEW' | 'DENY' }[];
}

type Payload = { assessment: RiskVerdict | null; userErrors: UserError[] };
const VERDICT = 'assessment { id decision score firedRules { kind action } } userErrors { field code message }';

/** Counts the request and answers ALLOW, REVIEW or DENY with the rules that fired; stored with its inputs. */
export const assessRisk = serviceOperation<{ input: AssessRiskInput }, { assessRisk: Payload }>(
  'risk',
  `mutation AssessRisk($input: AssessRiskInput!) { assessRisk(input: $input) { ${VERDICT} } }`,
);

/** The caller went on without a verdict (risk down or past the deadline): SKIPPED, once per subject; it becomes the orders' assessment. */
export const recordSkippedAssessment = serviceOperation<{ input: AssessRiskInput & { reason: string } }, { recordSkippedAssessment: Payload }>(
  'risk',
  `mutation RecordSkippedAssessment($input: RecordSkippedAssessmentInput!) { recordSkippedAssessment(input: $input) { ${VERDICT} } }`,
);
