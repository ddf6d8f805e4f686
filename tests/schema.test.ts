import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { composeSupergraph } from '@zhongtai/gateway';

describe('schema/', () => {
  const composed = composeSupergraph();

  it('composes without errors or unaccepted hints', () => {
    expect(composed.unacceptedHints).toEqual([]);
  });

  it('the committed supergraph and API schema are up to date (run `pnpm compose`)', () => {
    expect(readFileSync(new URL('../schema/supergraph.graphql', import.meta.url), 'utf8')).toBe(composed.supergraphSdl);
    expect(readFileSync(new URL('../schema/api.graphql', import.meta.url), 'utf8')).toBe(composed.apiSdl);
  });

  it('hides internal fields from the public API', () => {
    expect(composed.apiSdl).not.toMatch(/quoteSkus|shopStandings|SkuQuote|ShopStanding/);
    expect(composed.supergraphSdl).toMatch(/quoteSkus/);
    expect(composed.apiSdl).not.toMatch(/createPayment|closePayment|refundPayment|CreatePaymentInput|RefundPaymentInput/);
    expect(composed.supergraphSdl).toMatch(/refundPayment/);
    expect(composed.apiSdl).not.toMatch(/dropShipSources|DropShipSource\b/);
    expect(composed.supergraphSdl).toMatch(/dropShipSources/);
  });
});
