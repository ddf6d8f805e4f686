import { serviceOperation } from '../serviceClient.ts';

/** The after-sales center's internal API, as other centers call it. */

/** Which of the orders have an after-sale request still open (finance: their settlement waits). At most 1,000 ids. */
export const openAfterSaleOrders = serviceOperation<{ orderIds: string[] }, { openAfterSaleOrders: string[] }>(
  'aftersales',
  /* GraphQL */ `
    query OpenAfterSaleOrders($orderIds: [ID!]!) {
      openAfterSaleOrders(orderIds: $orderIds)
    }
  `,
);
