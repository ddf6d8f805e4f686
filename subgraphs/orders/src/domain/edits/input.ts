import { isId, Problems, requestFingerprint, requiredText } from '@zhongtai/kit';
import { MAX_LINES, MAX_QUANTITY } from '../checkoutInput.ts';
import { ORDER_ID_PREFIX, ORDER_LINE_ID_PREFIX } from '../ids.ts';

export interface EditOrderInput {
  orderId: string;
  /** Per order: retrying with the same key answers the first outcome; the same key with other changes is refused. */
  idempotencyKey: string;
  /** New quantities of some of the order's lines; 0 removes the line. */
  lines: { orderLineId: string; quantity: number }[];
}

/** The shape rules of an edit; whether the order may change comes later. */
export function validateEdit(input: EditOrderInput, problems: Problems): EditOrderInput | undefined {
  const key = requiredText(problems, input.idempotencyKey, ['input', 'idempotencyKey'], 'Idempotency key', 100);
  problems.check(isId(ORDER_ID_PREFIX, input.orderId), ['input', 'orderId'], 'INVALID_ID', `"${input.orderId}" is not an order id`);
  problems.check(input.lines.length > 0, ['input', 'lines'], 'REQUIRED', 'Name at least one line to change');
  problems.check(input.lines.length <= MAX_LINES, ['input', 'lines'], 'TOO_MANY', `At most ${MAX_LINES} lines`);
  const seen = new Set<string>();
  input.lines.forEach((line, i) => {
    const field = ['input', 'lines', String(i)];
    if (!problems.check(isId(ORDER_LINE_ID_PREFIX, line.orderLineId), [...field, 'orderLineId'], 'INVALID_ID', `"${line.orderLineId}" is not an order line id`))
      return;
    problems.check(!seen.has(line.orderLineId), [...field, 'orderLineId'], 'DUPLICATE', 'Each line once per edit');
    seen.add(line.orderLineId);
    problems.check(
      Number.isInteger(line.quantity) && line.quantity >= 0 && line.quantity <= MAX_QUANTITY,
      [...field, 'quantity'],
      'OUT_OF_RANGE',
      `Quantity is 0 (remove the line) to ${MAX_QUANTITY}`,
    );
  });
  if (problems.any || !key) return undefined;
  return { ...input, idempotencyKey: key };
}

/** Same key, same edit: recognised by the fingerprint of the changes. */
export function editHash(input: EditOrderInput): string {
  return requestFingerprint({ orderId: input.orderId, lines: [...input.lines].sort((a, b) => a.orderLineId.localeCompare(b.orderLineId)) });
}
