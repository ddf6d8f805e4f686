import type { Prng } from '@zhongtai/kit';
import type { AttributeValue } from '../../db/tables.ts';

/** One sales attribute of the demo data: its values and what each adds to the base price (yuan). */
interface Dimension {
  name: string;
  values: readonly (readonly [value: string, extraYuan: number])[];
}

const dim = (name: string, values: readonly (string | readonly [string, number])[]): Dimension => ({
  name,
  values: values.map((v) => (typeof v === 'string' ? ([v, 0] as const) : v)),
});

const PHONE_COLORS = dim('颜色 Color', ['雅川青 Green', '羽砂黑 Black', '羽砂白 White', '罗兰紫 Purple']);
const DEVICE_COLORS = dim('颜色 Color', ['深空灰 Space Gray', '皓月银 Silver', '星光金 Gold']);
const CLOTHING_COLORS = dim('颜色 Color', ['白色 White', '黑色 Black', '藏青色 Navy', '灰色 Gray', '米色 Beige']);
const SIZES = dim('尺码 Size', ['S', 'M', 'L', 'XL', 'XXL']);

/** Kinds of variant matrix: a product line names one, the seed picks a sub-matrix of at most 12. */
export const VARIANT_KINDS = {
  phone: [
    PHONE_COLORS,
    dim('存储 Storage', [
      ['12GB+256GB', 0],
      ['12GB+512GB', 500],
      ['16GB+1TB', 1500],
    ]),
  ],
  laptop: [
    DEVICE_COLORS,
    dim('配置 Config', [
      ['Ultra 5 16GB+512GB', 0],
      ['Ultra 7 16GB+1TB', 1000],
      ['Ultra 9 32GB+2TB', 3000],
    ]),
  ],
  tablet: [
    DEVICE_COLORS,
    dim('存储 Storage', [
      ['8GB+128GB', 0],
      ['8GB+256GB', 300],
      ['12GB+512GB', 800],
    ]),
  ],
  watch: [
    dim('表带 Strap', [
      ['氟橡胶 Fluoroelastomer', 0],
      ['皮革 Leather', 200],
      ['钛金属 Titanium', 1000],
    ]),
    dim('尺寸 Case', [
      ['42mm', 0],
      ['46mm', 200],
    ]),
  ],
  color: [dim('颜色 Color', ['曜石黑 Black', '陶瓷白 White', '冰霜银 Silver', '晴山蓝 Blue'])],
  apparel: [CLOTHING_COLORS, SIZES],
  kids: [CLOTHING_COLORS, dim('尺码 Size', ['110', '120', '130', '140', '150'])],
  shoes: [
    dim('颜色 Color', ['黑/白 Black/White', '全白 Triple White', '深蓝 Midnight Navy', '灰/橙 Grey/Orange']),
    dim('尺码 Size', ['39', '40', '41', '42', '43', '44']),
  ],
  food: [
    dim('规格 Pack', [
      ['100g', 0],
      ['250g', 1.2],
      ['500g', 3],
      ['1kg', 6.5],
    ]),
  ],
  furniture: [dim('颜色 Color', ['白色 White', '黑褐色 Black-brown', '浅灰 Light gray', '橡木 Oak'])],
  bedding: [
    dim('尺寸 Size', [
      ['150×200cm', 0],
      ['200×230cm', 100],
    ]),
    dim('颜色 Color', ['白色 White', '浅蓝 Light blue', '灰色 Gray']),
  ],
  servicePlan: [
    dim('服务期限 Term', [
      ['1年 1 year', 0],
      ['2年 2 years', 0.8],
    ]),
  ],
  serviceTier: [
    dim('服务内容 Service', [
      ['基础 Basic', 0],
      ['标准 Standard', 1],
      ['尊享 Premium', 2.5],
    ]),
  ],
  airConditioner: [
    dim('安装 Installation', [
      ['标准安装 Standard', 0],
      ['安装+6年延保 With 6-year warranty', 299],
    ]),
  ],
  single: [],
} satisfies Record<string, Dimension[]>;

export type VariantKind = keyof typeof VARIANT_KINDS;

/** Kinds whose extra price is a multiple of the base (packs, service tiers), not a fixed amount. */
const MULTIPLIED: ReadonlySet<VariantKind> = new Set(['food', 'servicePlan', 'serviceTier']);

export interface DemoVariant {
  salesAttributes: AttributeValue[];
  priceYuan: number;
}

const MAX_VARIANTS = 12;

function sample<T>(prng: Prng, items: readonly T[], n: number): T[] {
  const pool = [...items];
  const out: T[] = [];
  while (out.length < n && pool.length) out.push(pool.splice(prng.int(0, pool.length - 1), 1)[0]!);
  // Keep the catalogue's own order (S before M), not the draw's.
  return out.sort((a, b) => items.indexOf(a) - items.indexOf(b));
}

/** A random sub-matrix of the kind's dimensions: between 1 and 12 variants, each a distinct combination. */
export function demoVariants(prng: Prng, kind: VariantKind, baseYuan: number): DemoVariant[] {
  const dimensions: Dimension[] = VARIANT_KINDS[kind];
  let combos: { attrs: AttributeValue[]; extra: number }[] = [{ attrs: [], extra: 0 }];
  let room = MAX_VARIANTS;
  for (const d of dimensions) {
    const n = prng.int(1, Math.min(d.values.length, room));
    room = Math.max(1, Math.floor(room / n));
    const picked = sample(prng, d.values, n);
    combos = combos.flatMap((c) => picked.map(([value, extra]) => ({ attrs: [...c.attrs, { name: d.name, value }], extra: c.extra + extra })));
  }
  const multiplied = MULTIPLIED.has(kind);
  return combos.map((c) => ({ salesAttributes: c.attrs, priceYuan: multiplied ? baseYuan * (1 + c.extra) : baseYuan + c.extra }));
}

/** Shop prices end in 9: 5999, 129, 39.9. Returns minor units (fen). */
export function shopPrice(yuan: number): bigint {
  if (yuan >= 20) return BigInt((Math.max(2, Math.round(yuan / 10)) * 10 - 1) * 100);
  return BigInt(Math.max(1, Math.round(yuan)) * 100 - 10);
}
