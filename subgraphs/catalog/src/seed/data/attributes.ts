import type { AttributeKind, SpuAttributeValue } from '../../db/tables.ts';
import { CATEGORY_TREE, type CategorySeed } from './categories.ts';

/** Attribute definitions of the demo tree: what each category (and everything below it) asks of a product. */
export interface AttributeSeed {
  category: string;
  name: string;
  kind: AttributeKind;
  required?: boolean;
  values?: string[];
}

export const ATTRIBUTE_SEEDS: AttributeSeed[] = [
  { category: 'electronics', name: '型号 Model', kind: 'KEY', required: true },
  { category: 'electronics', name: '保修 Warranty', kind: 'DESCRIPTIVE', values: ['全国联保1年 1-year warranty', '全国联保2年 2-year warranty'] },
  { category: 'smartphones', name: '颜色 Color', kind: 'SALES', required: true, values: ['雅川青 Green', '羽砂黑 Black', '羽砂白 White', '罗兰紫 Purple'] },
  { category: 'smartphones', name: '存储 Storage', kind: 'SALES', required: true, values: ['12GB+256GB', '12GB+512GB', '16GB+1TB'] },
  { category: 'laptops', name: '颜色 Color', kind: 'SALES' },
  { category: 'laptops', name: '配置 Config', kind: 'SALES', required: true },
  { category: 'tablets', name: '颜色 Color', kind: 'SALES' },
  { category: 'tablets', name: '存储 Storage', kind: 'SALES', required: true },
  { category: 'smartwatches', name: '表带 Strap', kind: 'SALES' },
  { category: 'smartwatches', name: '尺寸 Case', kind: 'SALES' },
  { category: 'apparel', name: '款号 Style No.', kind: 'KEY', required: true },
  { category: 'apparel', name: '材质 Material', kind: 'DESCRIPTIVE', required: true },
  { category: 'apparel', name: '颜色 Color', kind: 'SALES', required: true },
  { category: 'apparel', name: '尺码 Size', kind: 'SALES', required: true },
  { category: 'food', name: '产地 Origin', kind: 'DESCRIPTIVE', required: true },
  { category: 'food', name: '保质期 Shelf life', kind: 'DESCRIPTIVE' },
  { category: 'food', name: '规格 Pack', kind: 'SALES' },
  { category: 'home', name: '型号 Model', kind: 'KEY' },
  { category: 'home', name: '材质 Material', kind: 'DESCRIPTIVE' },
  { category: 'sports', name: '款号 Style No.', kind: 'KEY', required: true },
  { category: 'sports', name: '材质 Material', kind: 'DESCRIPTIVE' },
  { category: 'sports-shoes', name: '颜色 Color', kind: 'SALES', required: true },
  { category: 'sports-shoes', name: '尺码 Size', kind: 'SALES', required: true, values: ['38', '39', '40', '41', '42', '43', '44', '45'] },
];

/** Root key of every category key: a product's attributes follow its department. */
export const ROOT_OF = new Map<string, string>();
const walk = (nodes: CategorySeed[], root: string | null) => nodes.forEach((n) => (ROOT_OF.set(n.key, root ?? n.key), walk(n.children ?? [], root ?? n.key)));
walk(CATEGORY_TREE, null);

const MATERIALS: Record<string, string[]> = {
  apparel: ['棉 Cotton', '聚酯纤维 Polyester', '羊毛 Wool', '雪纺 Chiffon', '亚麻 Linen'],
  home: ['实木 Solid wood', '板材 Particleboard', '不锈钢 Stainless steel', '纯棉 Cotton'],
  sports: ['网布 Mesh', '合成革 Synthetic leather', '聚酯纤维 Polyester'],
};
const ORIGINS = ['新疆 Xinjiang', '云南 Yunnan', '福建 Fujian', '安徽 Anhui', '泰国 Thailand'];

/** Key and descriptive values of a demo product, by its department (`pick` chooses deterministically). */
export function demoAttributes(categoryKey: string, name: string, code: string, pick: <T>(items: T[]) => T): SpuAttributeValue[] {
  const KEY = 'KEY' as const;
  const DESCRIPTIVE = 'DESCRIPTIVE' as const;
  switch (ROOT_OF.get(categoryKey)) {
    case 'electronics':
      return [
        { name: '型号 Model', value: name.slice(0, 100), kind: KEY },
        { name: '保修 Warranty', value: '全国联保1年 1-year warranty', kind: DESCRIPTIVE },
      ];
    case 'apparel':
      return [
        { name: '款号 Style No.', value: code, kind: KEY },
        { name: '材质 Material', value: pick(MATERIALS.apparel!), kind: DESCRIPTIVE },
      ];
    case 'food':
      return [
        { name: '产地 Origin', value: pick(ORIGINS), kind: DESCRIPTIVE },
        { name: '保质期 Shelf life', value: '9个月 9 months', kind: DESCRIPTIVE },
      ];
    case 'home':
      return [
        { name: '型号 Model', value: name.slice(0, 100), kind: KEY },
        { name: '材质 Material', value: pick(MATERIALS.home!), kind: DESCRIPTIVE },
      ];
    case 'sports':
      return [
        { name: '款号 Style No.', value: code, kind: KEY },
        { name: '材质 Material', value: pick(MATERIALS.sports!), kind: DESCRIPTIVE },
      ];
    default:
      return [];
  }
}
