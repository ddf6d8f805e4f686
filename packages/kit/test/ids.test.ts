import { describe, expect, it } from 'vitest';
import { isId, newId, seedId } from '../src/index.ts';

describe('ids', () => {
  it('are prefixed, well-formed and time-ordered', () => {
    const a = newId('sku', 1_700_000_000_000);
    const b = newId('sku', 1_700_000_000_001);
    expect(isId('sku', a)).toBe(true);
    expect(a < b).toBe(true);
    expect(isId('spu', a)).toBe(false);
  });

  it('refuses malformed ids', () => {
    for (const bad of ['', 'sku_', 'sku_123', 'sku_01HK153X00000000000000000!', "sku_' or 1=1 --xxxxxxxxxxxxxxx", 'SKU_01HK153X000000000000000001']) {
      expect(isId('sku', bad)).toBe(false);
    }
  });

  it('seed ids are deterministic', () => {
    expect(seedId('shp', 1)).toBe(seedId('shp', 1));
    expect(isId('shp', seedId('shp', 42))).toBe(true);
  });
});
