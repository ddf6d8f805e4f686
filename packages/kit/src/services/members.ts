import type { UserError } from '../userErrors.ts';
import { serviceMutation, serviceOperation } from '../serviceClient.ts';

/** The member center's internal API, as other centers call it (orders, marketing). */
export const MEMBER_ID_PREFIX = 'mbr';

export type MemberStatus = 'ACTIVE' | 'FROZEN';

export interface MemberAddress {
  province: string;
  city: string;
  district: string;
  detail: string;
  receiver: string;
  phone: string;
}

/** What pricing and checkout need of a member: level benefits, points, where to ship by default. */
export interface MemberQuote {
  memberId: string;
  status: MemberStatus;
  levelId: string | null;
  levelName: string | null;
  /** Percent off list price that the level gives on lines without a promotion (5 = 95折). */
  discountPercent: number;
  freeShipping: boolean;
  /** Points earned per order are multiplied by this percent (150 = 1.5x). */
  pointsMultiplierPercent: number;
  pointsBalance: number;
  /** How many points make one currency unit (100 = 100 points are worth 1.00). */
  pointsPerCurrencyUnit: number;
  /** At most this percent of an order's amount may be paid with points. */
  maxPointsDeductionPercent: number;
  defaultAddress: MemberAddress | null;
  /** ISO time the member joined. */
  registeredAt: string;
}

export interface PointsChange {
  /** Points moved by this call (0 when there was nothing to do). */
  points: number | null;
  balance: number | null;
  userErrors: UserError[];
}

const POINTS_CHANGE = 'points balance userErrors { field code message }';

/** Null when the member does not exist. */
export const memberQuote = serviceOperation<{ memberId: string }, { memberQuote: MemberQuote | null }>(
  'members',
  /* GraphQL */ `
    query MemberQuote($memberId: ID!) {
      memberQuote(memberId: $memberId) {
        memberId
        status
        levelId
        levelName
        discountPercent
        freeShipping
        pointsMultiplierPercent
        pointsBalance
        pointsPerCurrencyUnit
        maxPointsDeductionPercent
        defaultAddress {
          province
          city
          district
          detail
          receiver
          phone
        }
        registeredAt
      }
    }
  `,
);

/** Deducts points for an order; once per order (a repeat returns the first result). INSUFFICIENT_POINTS when short. */
export const spendPoints = serviceOperation<{ input: { memberId: string; points: number; orderId: string } }, { spendPoints: PointsChange }>(
  'members',
  `mutation SpendPoints($input: SpendPointsInput!) { spendPoints(input: $input) { ${POINTS_CHANGE} } }`,
);

/** Gives back the points an order spent (order cancelled or refunded); once per order; 0 when it spent none. */
export const refundPoints = serviceOperation<{ input: { orderId: string } }, { refundPoints: PointsChange }>(
  'members',
  `mutation RefundPoints($input: RefundPointsInput!) { refundPoints(input: $input) { ${POINTS_CHANGE} } }`,
);

/** Credits points for a completed order (times the level's multiplier) and the same growth value; once per order. */
export const earnPoints = serviceOperation<{ input: { memberId: string; points: number; orderId: string } }, { earnPoints: PointsChange }>(
  'members',
  `mutation EarnPoints($input: EarnPointsInput!) { earnPoints(input: $input) { ${POINTS_CHANGE} } }`,
);

/**
 * An after-sale refund's points: its share of what the order earned is taken back (never below
 * zero, the shortfall recorded) and what the refunded units spent comes back; once per key.
 */
export const reverseAfterSalePoints = serviceMutation<
  'reverseAfterSalePoints',
  { key: string; memberId: string; orderId: string; refundedPart: string; paidWhole: string; returnPoints: number },
  { points: { revoked: number; shortfall: number; returned: number } | null }
>('members', 'reverseAfterSalePoints', 'points { revoked shortfall returned }');

/** Names of members (the reviews center shows the reviewer, masked by its own rules); unknown ids are left out. */
export const memberNames = serviceOperation<{ ids: string[] }, { memberNames: { id: string; name: string }[] }>(
  'members',
  /* GraphQL */ `
    query MemberNames($ids: [ID!]!) {
      memberNames(ids: $ids) {
        id
        name
      }
    }
  `,
);
