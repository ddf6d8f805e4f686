import { inventoryService, logger, ok, Problems, type RequestContext, type Result } from '@zhongtai/kit';
import type { OrderLineRow } from '../../db/tables.ts';

/**
 * The stock an edit moved, so a refusal later in the edit (or a failure) puts exactly that back.
 * Each resize is keyed by the edit and the line: a retried call moves nothing twice.
 */
export class StockChanges {
  private readonly done: { line: OrderLineRow; from: number }[] = [];

  constructor(
    private readonly ctx: RequestContext,
    private readonly editId: string,
    private readonly orderId: string,
  ) {}

  /** The line's warehouse holds `to` units from now on; OUT_OF_STOCK (field of the edit's line `index`) when it cannot. */
  async resize(line: OrderLineRow, to: number, index: number): Promise<Result<true>> {
    this.done.push({ line, from: line.quantity });
    const { resizeReservation } = await this.ctx.services.call(inventoryService.resizeReservation, {
      input: { key: `${this.editId}:${line.id}`, orderId: this.orderId, skuId: line.skuId, quantity: to, reason: `order edit ${this.editId}` },
    });
    if (resizeReservation.resize) return ok(true);
    this.done.pop();
    return new Problems().adopt(resizeReservation.userErrors, ['input', 'lines', String(index), 'quantity']).refuse();
  }

  async putBack(): Promise<void> {
    for (const { line, from } of this.done.splice(0).reverse()) {
      const { resizeReservation } = await this.ctx.services.call(inventoryService.resizeReservation, {
        input: {
          key: `${this.editId}:${line.id}:back`,
          orderId: this.orderId,
          skuId: line.skuId,
          quantity: from,
          reason: `order edit ${this.editId} not applied`,
        },
      });
      // Fewer units than the order holds can only be short if the reservation ended meanwhile (then it holds none).
      if (!resizeReservation.resize)
        logger(this.ctx).error('putting back the stock of an edit failed', { editId: this.editId, errors: resizeReservation.userErrors });
    }
  }
}
