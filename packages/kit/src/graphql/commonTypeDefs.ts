import { CURRENCY_CODES } from '../money.ts';

/**
 * Types every center shares, included verbatim in each subgraph's SDL so composition sees one
 * definition. Value types are @shareable: any center may resolve them.
 */
export const commonTypeDefs = /* GraphQL */ `
  "The permission a staff member's current role must grant (kit auth/permissions.ts); customers and services are not staff."
  directive @requiresPermission(permission: String!) on FIELD_DEFINITION | OBJECT

  "A customer's personal data (kind PHONE, NAME or ADDRESS): the kit masks it for analysts (kit privacy/personalData.ts)."
  directive @personalData(kind: String!) on FIELD_DEFINITION

  "An ISO-8601 instant in UTC, e.g. 2026-11-25T03:10:52.123Z. As input: a time zone (Z or ±hh:mm) is required, the date must exist (2027-02-31 is refused, never rolled over) and the year, in UTC, is 0001 to 9999."
  scalar DateTime

  "A decimal number as a string, e.g. \\"19.99\\". Never a float. At most 15 digits before the point and 10 after."
  scalar Decimal

  "ISO 4217 currency."
  enum CurrencyCode { ${CURRENCY_CODES.join(' ')} }

  "An amount of money: exact decimal plus currency. Stored as integer minor units."
  type Money @shareable {
    amount: Decimal!
    currencyCode: CurrencyCode!
  }

  """
  An amount of money as input: at most the currency's decimals, and at most 10^15 minor units
  (10,000,000,000,000.00 CNY). A unit price (sale, list, cost, flash-sale, freight, deposit or
  supply price) is at most 10^10 minor units (100,000,000.00 CNY); a cart (at most 100 lines of
  at most 999 units) then stays below 10^15. Larger amounts are refused with OUT_OF_RANGE.
  """
  input MoneyInput {
    amount: Decimal!
    currencyCode: CurrencyCode!
  }

  type PageInfo @shareable {
    hasNextPage: Boolean!
    hasPreviousPage: Boolean!
    startCursor: String
    endCursor: String
  }

  enum SortDirection { ASC DESC }

  "Why a mutation refused its input."
  enum UserErrorCode {
    REQUIRED
    INVALID
    INVALID_ID
    TOO_LONG
    TOO_MANY
    NEGATIVE
    OUT_OF_RANGE
    NOT_FOUND
    TAKEN
    DUPLICATE
    INACTIVE
    INVALID_TRANSITION
    CURRENCY_MISMATCH
    OUT_OF_STOCK
    "The idempotency key was used before with different input."
    IDEMPOTENCY_KEY_REUSED
    "The call with this idempotency key is still running: retry the same key shortly."
    CHECKOUT_IN_PROGRESS
    "This checkout attempt failed and holds nothing: place it again with a new idempotency key."
    CHECKOUT_FAILED
    "Nothing was captured (the payment is not SUCCEEDED), so nothing can be refunded."
    NOT_CAPTURED
    "Refunds would exceed what was captured."
    EXCEEDS_CAPTURED
    "The payment provider refused or could not be reached."
    PROVIDER_ERROR
    "The address is outside where the shop delivers."
    UNDELIVERABLE
    "The new address costs a different freight than was paid."
    FREIGHT_CHANGED
    "Past its validity (a coupon, a promotion, points)."
    EXPIRED
    "Valid later, not yet."
    NOT_STARTED
    "A coupon or promotion that covers none of the lines it was asked for."
    OUT_OF_SCOPE
    "A threshold (满减) the order does not reach."
    BELOW_THRESHOLD
    "A per-member limit already used up."
    LIMIT_REACHED
    "A limited quantity (coupons, flash sale) all taken."
    SOLD_OUT
    INSUFFICIENT_POINTS
    "Held by something else, e.g. a coupon locked by another order."
    IN_USE
    "Refused by the risk center; the message names no rule."
    RISK_DENIED
    "Held for an operator's review by the risk center; the message names no rule."
    RISK_REVIEW
    SECOND_APPROVER_REQUIRED
    "A service's slots for that day (installation slots) are all booked."
    CAPACITY_FULL
    "Needs the goods delivered first (installing furniture not yet delivered)."
    NOT_DELIVERED
    "The product's terms keep this money (a service voucher that is not refundable)."
    NOT_REFUNDABLE
    "跨境: a cross-border order worth more than the single-order limit (CROSS_BORDER_SINGLE_LIMIT)."
    CROSS_BORDER_SINGLE_LIMIT
    "跨境: the buyer's cross-border purchases this calendar year would pass the annual limit (CROSS_BORDER_ANNUAL_LIMIT)."
    CROSS_BORDER_ANNUAL_LIMIT
  }

  "A business-rule refusal: which input field (a path), a stable code, and a message for people."
  type UserError @shareable {
    field: [String!]
    code: UserErrorCode!
    message: String!
  }
`;

export const FEDERATION_LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible", "@authenticated", "@requiresScopes", "@tag"])`;
