/**
 * 海关 customs, behind one interface: the sandbox in the repo today (sandbox.ts), a real customs
 * platform (单一窗口 / a declaration agent) later. Submitting is asynchronous: customs answers
 * with a signed receipt at our hook route, read by `readReceipt`.
 */
export interface CustomsDocuments {
  declarationId: string;
  /** 订单: what was sold, for how much, with its tax. */
  order: {
    orderId: string;
    orderNumber: string;
    mode: 'BONDED' | 'DIRECT_MAIL';
    currency: string;
    goodsValue: string;
    freight: string;
    tax: string;
    payable: string;
    lines: { skuCode: string; name: string; quantity: number; unitPrice: string; finalAmount: string }[];
  };
  /** 支付单: the payment that paid it. */
  payment: { paymentId: string; amount: string; paidAt: string };
  /** 物流单: to whom and where it goes, and how (bonded warehouse or direct mail). */
  logistics: { mode: 'BONDED' | 'DIRECT_MAIL'; consignee: string; phone: string; province: string; city: string; district: string; detail: string };
  /** 订购人: customs checks it against the payer; only ever sent to customs. */
  buyer: { realName: string; idNumber: string };
}

export type CustomsOutcome = 'CLEARED' | 'REJECTED';

export interface CustomsReceipt {
  receiptId: string;
  declarationId: string;
  customsReference: string;
  outcome: CustomsOutcome;
  reason: string | null;
}

export type ReceiptReading =
  { signature: 'VALID'; receipt: CustomsReceipt } | { signature: 'VALID' | 'MISSING' | 'STALE' | 'BAD_SIGNATURE'; receipt: null; problem: string };

export interface CustomsAdapter {
  name: string;
  enabled(): boolean;
  /** Hands the declaration to customs; the answer comes later as a receipt. Safe to call twice for one declaration. */
  submit(documents: CustomsDocuments): Promise<{ customsReference: string }>;
  readReceipt(request: { rawBody: string; headers: Headers }): ReceiptReading;
}
