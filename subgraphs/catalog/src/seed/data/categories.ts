/** The demo category tree: three levels, products hang on the leaves. Keys are for the seed only. */
export interface CategorySeed {
  key: string;
  name: string;
  children?: CategorySeed[];
}

const leaf = (key: string, name: string): CategorySeed => ({ key, name });

export const CATEGORY_TREE: CategorySeed[] = [
  {
    key: 'electronics',
    name: '数码 Electronics',
    children: [
      {
        key: 'phones',
        name: '手机 Phones',
        children: [
          leaf('smartphones', '智能手机 Smartphones'),
          leaf('phone-accessories', '手机配件 Phone Accessories'),
          leaf('care-plans', '延保与碎屏服务 Care Plans'),
        ],
      },
      { key: 'computers', name: '电脑 Computers', children: [leaf('laptops', '笔记本 Laptops'), leaf('tablets', '平板 Tablets')] },
      { key: 'wearables', name: '智能穿戴 Wearables', children: [leaf('smartwatches', '智能手表 Smartwatches'), leaf('earphones', '耳机 Earphones')] },
      {
        key: 'smart-home',
        name: '智能家电 Smart Home',
        children: [leaf('appliances', '生活电器 Appliances'), leaf('air-conditioners', '空调 Air Conditioners')],
      },
    ],
  },
  {
    key: 'apparel',
    name: '服装 Apparel',
    children: [
      {
        key: 'men',
        name: '男装 Men',
        children: [leaf('men-tshirts', 'T恤 T-shirts'), leaf('men-jackets', '外套 Jackets'), leaf('men-trousers', '裤装 Trousers')],
      },
      {
        key: 'women',
        name: '女装 Women',
        children: [leaf('women-tshirts', 'T恤 T-shirts'), leaf('women-dresses', '连衣裙 Dresses'), leaf('women-knitwear', '针织衫 Knitwear')],
      },
      { key: 'kids', name: '童装 Kids', children: [leaf('kids-tops', '上衣 Tops')] },
    ],
  },
  {
    key: 'food',
    name: '食品 Food',
    children: [
      {
        key: 'snacks',
        name: '休闲零食 Snacks',
        children: [
          leaf('nuts', '坚果 Nuts'),
          leaf('dried-fruit', '果干 Dried Fruit'),
          leaf('jerky', '肉脯 Jerky'),
          leaf('pastries', '饼干糕点 Pastries'),
          leaf('gift-boxes', '礼盒 Gift Boxes'),
        ],
      },
      { key: 'drinks', name: '茶饮 Tea & Drinks', children: [leaf('tea', '茶叶 Tea')] },
    ],
  },
  {
    key: 'home',
    name: '家居 Home',
    children: [
      {
        key: 'furniture',
        name: '家具 Furniture',
        children: [leaf('sofas', '沙发 Sofas'), leaf('tables-chairs', '桌椅 Tables & Chairs'), leaf('storage', '收纳 Storage')],
      },
      { key: 'kitchen', name: '厨具 Kitchen', children: [leaf('cookware', '锅具 Cookware'), leaf('tableware', '餐具 Tableware')] },
      { key: 'textiles', name: '家纺 Textiles', children: [leaf('bedding', '床品 Bedding')] },
      { key: 'home-services', name: '家居服务 Home Services', children: [leaf('assembly', '安装服务 Assembly')] },
    ],
  },
  {
    key: 'sports',
    name: '运动 Sports',
    children: [
      {
        key: 'sports-shoes',
        name: '运动鞋 Sports Shoes',
        children: [
          leaf('running-shoes', '跑步鞋 Running Shoes'),
          leaf('basketball-shoes', '篮球鞋 Basketball Shoes'),
          leaf('lifestyle-shoes', '休闲鞋 Lifestyle Shoes'),
        ],
      },
      {
        key: 'sportswear',
        name: '运动服 Sportswear',
        children: [leaf('training-tops', '训练上衣 Training Tops'), leaf('training-pants', '运动裤 Training Pants')],
      },
      { key: 'fitness', name: '健身装备 Fitness', children: [leaf('yoga', '瑜伽与训练 Yoga & Training')] },
    ],
  },
];

export interface BrandSeed {
  key: string;
  name: string;
}

export const BRANDS: BrandSeed[] = [
  { key: 'huawei', name: '华为 HUAWEI' },
  { key: 'honor', name: '荣耀 HONOR' },
  { key: 'xiaomi', name: '小米 Xiaomi' },
  { key: 'mijia', name: '米家 Mijia' },
  { key: 'apple', name: 'Apple' },
  { key: 'uniqlo', name: '优衣库 UNIQLO' },
  { key: 'muji', name: '无印良品 MUJI' },
  { key: 'nike', name: 'Nike' },
  { key: 'adidas', name: 'adidas' },
  { key: 'lining', name: '李宁 Li-Ning' },
  { key: 'anta', name: '安踏 ANTA' },
  { key: 'three-squirrels', name: '三只松鼠 Three Squirrels' },
  { key: 'bestore', name: '良品铺子 BESTORE' },
  { key: 'be-cheery', name: '百草味 Be&Cheery' },
  { key: 'ikea', name: '宜家 IKEA' },
];
