import type { Money } from '../money.ts';
import { serviceOperation } from '../serviceClient.ts';

/** The finance center's internal API. */

/** Revenue the ledger recognized on business days from..to, per currency (analytics' salesFactsCheck compares its net sales with it). */
export const recognizedSales = serviceOperation<
  { from: string; to: string },
  { recognizedSales: { currencyCode: string; completed: Money; refundedAfterCompletion: Money }[] }
>(
  'finance',
  /* GraphQL */ `
    query RecognizedSales($from: String!, $to: String!) {
      recognizedSales(from: $from, to: $to) {
        currencyCode
        completed {
          amount
          currencyCode
        }
        refundedAfterCompletion {
          amount
          currencyCode
        }
      }
    }
  `,
);
