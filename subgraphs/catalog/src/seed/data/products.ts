import type { ProductType } from '../../db/tables.ts';
import type { VariantKind } from './variants.ts';

/**
 * What each demo shop sells (shops 1..6 of the shops center's seed, in that order): lines of
 * models in one leaf category. A model is a name, or a name with its own base price in yuan.
 */
export interface ProductLine {
  category: string;
  /** Put before every model name, as marketplaces list them: 华为 HUAWEI Mate 70. */
  prefix?: string;
  brand: string | null;
  kind: VariantKind;
  yuan: number;
  productType?: ProductType;
  description: string;
  models: (string | readonly [string, number])[];
}

export interface ShopAssortment {
  /** Prefix of the shop's SKU codes, e.g. HW-0001-01. */
  codePrefix: string;
  lines: ProductLine[];
}

export const ASSORTMENTS: ShopAssortment[] = [
  {
    codePrefix: 'HW',
    lines: [
      {
        category: 'smartphones', brand: 'huawei', prefix: '华为 ', kind: 'phone', yuan: 5999, description: '鸿蒙智能手机，XMAGE 影像，超可靠玄武架构',
        models: [['HUAWEI Mate 70', 5499], ['HUAWEI Mate 70 Pro', 6499], ['HUAWEI Mate 70 Pro+', 8499], ['HUAWEI Mate 70 RS 非凡大师', 11999], ['HUAWEI Mate X6 折叠屏 Foldable', 12999], ['HUAWEI Mate 60', 4999], ['HUAWEI Mate 60 Pro', 5999], ['HUAWEI Pura 70', 5499], ['HUAWEI Pura 70 Pro', 6499], ['HUAWEI Pura 70 Ultra', 9999], ['HUAWEI Pura X 阔折叠', 7499], ['HUAWEI nova 13', 2699], ['HUAWEI nova 13 Pro', 3699], ['HUAWEI nova Flip', 3488], ['HUAWEI nova 12 Ultra', 4199], ['HUAWEI Mate XT 非凡大师 三折叠 Tri-fold', 19999]],
      },
      { category: 'phone-accessories', brand: 'huawei', prefix: '华为 ', kind: 'color', yuan: 149, description: '华为原装配件 Genuine accessories', models: [['HUAWEI 100W 超级快充充电器 SuperCharge Charger', 199], ['HUAWEI 无线超级快充 Wireless Charger 50W', 299], 'HUAWEI Mate 70 Pro 素皮保护壳 Case', ['HUAWEI 超级快充移动电源 Power Bank 12000mAh', 249]] },
      { category: 'care-plans', brand: 'huawei', prefix: '华为 ', kind: 'servicePlan', yuan: 399, productType: 'SERVICE', description: '官方服务，全国门店可用 Official care at every service centre', models: ['HUAWEI Care+ 碎屏服务宝 Screen Care', 'HUAWEI Care+ 延长保修 Extended Warranty'] },
      { category: 'laptops', brand: 'huawei', prefix: '华为 ', kind: 'laptop', yuan: 6999, description: '超级终端，多屏协同 Seamless multi-screen collaboration', models: [['HUAWEI MateBook X Pro 2025', 9999], ['HUAWEI MateBook 14', 5999], ['HUAWEI MateBook 16s', 6999], ['HUAWEI MateBook D 16', 4699], ['HUAWEI MateBook Fold 非凡大师', 23999]] },
      { category: 'tablets', brand: 'huawei', prefix: '华为 ', kind: 'tablet', yuan: 3299, description: 'PaperMatte 柔光屏，星闪连接 NearLink', models: [['HUAWEI MatePad Pro 13.2', 5199], ['HUAWEI MatePad Pro 12.2', 4199], ['HUAWEI MatePad 11.5 S', 2599], ['HUAWEI MatePad Air', 2999], ['HUAWEI MatePad SE 11', 1299]] },
      { category: 'smartwatches', brand: 'huawei', prefix: '华为 ', kind: 'watch', yuan: 1788, description: '健康监测，超长续航 Health tracking, long battery life', models: [['HUAWEI WATCH GT 5', 1488], ['HUAWEI WATCH GT 5 Pro', 2488], ['HUAWEI WATCH 5', 2999], ['HUAWEI WATCH Ultimate', 5999], ['HUAWEI WATCH FIT 4', 899], ['HUAWEI WATCH D2 血压手表 Blood Pressure', 2988], ['HUAWEI 手环 9 Band 9', 249]] },
      { category: 'earphones', brand: 'huawei', prefix: '华为 ', kind: 'color', yuan: 999, description: '智慧动态降噪 Adaptive noise cancelling', models: [['HUAWEI FreeBuds Pro 4', 1499], ['HUAWEI FreeBuds 6', 999], ['HUAWEI FreeBuds 6i', 599], ['HUAWEI FreeClip 耳夹耳机 Open-ear', 1299]] },
    ],
  },
  {
    codePrefix: 'UQ',
    lines: [
      { category: 'men-tshirts', brand: 'uniqlo', prefix: '优衣库 ', kind: 'apparel', yuan: 79, description: 'LifeWear 服适人生，舒适百搭', models: ['男装 AIRism 棉混纺圆领T恤 Men AIRism Cotton Crew Neck T-Shirt', '男装 U 圆领T恤(短袖) Men Uniqlo U Crew Neck T-Shirt', '男装 SUPIMA COTTON 圆领T恤', '男装 DRY-EX 速干圆领T恤 Men DRY-EX T-Shirt', '男装 UT 印花T恤 Peanuts', '男装 华夫格圆领T恤(长袖) Waffle Crew Neck', '男装 重磅棉T恤 Heavyweight Cotton T-Shirt'] },
      { category: 'men-jackets', brand: 'uniqlo', prefix: '优衣库 ', kind: 'apparel', yuan: 399, description: '轻盈保暖 Light and warm', models: [['男装 高级轻型羽绒茄克 Ultra Light Down Jacket', 499], ['男装 防风摇粒绒茄克 Windproof Fleece Jacket', 299], ['男装 BLOCKTECH 连帽大衣 Parka', 599], ['男装 无缝羽绒服 Seamless Down Parka', 799], ['男装 灯芯绒衬衫茄克 Corduroy Overshirt', 249]] },
      { category: 'men-trousers', brand: 'uniqlo', prefix: '优衣库 ', kind: 'apparel', yuan: 199, description: '弹力舒适 Stretch comfort', models: ['男装 弹力修身牛仔裤 Slim Fit Jeans', '男装 EZY 九分裤 Ankle Pants', '男装 宽腿工装裤 Wide Cargo Pants', '男装 Smart 九分裤(羊毛混纺) Smart Ankle Pants', ['男装 HEATTECH 保暖紧身裤 Tights', 99]] },
      { category: 'women-tshirts', brand: 'uniqlo', prefix: '优衣库 ', kind: 'apparel', yuan: 79, description: 'LifeWear 服适人生', models: ['女装 AIRism 棉混纺宽松T恤 Women AIRism Oversized T-Shirt', '女装 Mini 短款T恤 Mini Short T-Shirt', '女装 U 圆领T恤 Uniqlo U Crew Neck', '女装 SUPIMA COTTON V领T恤', '女装 罗纹圆领T恤(长袖) Ribbed Long Sleeve'] },
      { category: 'women-dresses', brand: 'uniqlo', prefix: '优衣库 ', kind: 'apparel', yuan: 249, description: '简约优雅 Simple and elegant', models: ['女装 褶裥长连衣裙 Pleated Long Dress', '女装 棉质衬衫连衣裙 Cotton Shirt Dress', '女装 针织连衣裙(长袖) Knitted Dress', '女装 亚麻混纺连衣裙 Linen Blend Dress', ['女装 AIRism 无袖连衣裙 Sleeveless Dress', 149]] },
      { category: 'women-knitwear', brand: 'uniqlo', prefix: '优衣库 ', kind: 'apparel', yuan: 299, description: '柔软亲肤 Soft on skin', models: [['女装 3D 羊绒圆领毛衣 3D Knit Cashmere Sweater', 799], '女装 美利奴羊毛开衫 Merino Cardigan', '女装 舒软针织高领毛衣 Souffle Yarn Turtleneck', ['女装 柔软针织开衫 Soft Knit Cardigan', 199], ['女装 棉混纺V领开衫 Cotton V Neck Cardigan', 149]] },
      { category: 'kids-tops', brand: 'uniqlo', prefix: '优衣库 ', kind: 'kids', yuan: 79, description: '童装 舒适好穿 Comfortable for kids', models: ['童装 AIRism T恤 Kids AIRism T-Shirt', '童装 UT 印花T恤 Pokémon', ['童装 防风摇粒绒茄克 Kids Fleece Jacket', 149], ['童装 高级轻型羽绒背心 Kids Down Vest', 199], '童装 DRY-EX 运动T恤 Kids DRY-EX T-Shirt'] },
    ],
  },
  {
    codePrefix: 'SS',
    lines: [
      { category: 'nuts', brand: 'three-squirrels', prefix: '三只松鼠 ', kind: 'food', yuan: 29.9, description: '精选坚果，新鲜烘焙 Freshly roasted', models: [['每日坚果 Daily Nuts 30袋装', 99], '夏威夷果 Macadamia 奶油味', '碧根果 Pecans 奶香味', '手剥巴旦木 Almonds', '开心果 Pistachios 原味', '腰果 Cashews 炭烧味', ['松子 Pine Nuts 东北红松', 49], '纸皮核桃 Walnuts', ['山核桃仁 Hickory Nut Kernels', 59], '鲜切腰果 Raw Cashews', '蜂蜜黄油扁桃仁 Honey Butter Almonds', ['坚果大礼包 Nut Mix', 79]] },
      { category: 'dried-fruit', brand: 'three-squirrels', prefix: '三只松鼠 ', kind: 'food', yuan: 19.9, description: '果香浓郁 Rich fruity taste', models: ['芒果干 Dried Mango', '草莓干 Dried Strawberry', '蓝莓干 Dried Blueberry', '黄桃干 Dried Peach', '无核白葡萄干 Seedless Raisins', ['冻干榴莲 Freeze-dried Durian', 39.9], '新疆和田红枣 Hotan Red Dates'] },
      { category: 'jerky', brand: 'three-squirrels', prefix: '三只松鼠 ', kind: 'food', yuan: 25.9, description: '肉香十足 Full of flavour', models: ['猪肉脯 Pork Jerky 靖江风味', ['牛肉干 Beef Jerky 麻辣味', 39.9], ['手撕牛肉 Shredded Beef', 45.9], '鸭脖 Duck Neck 香辣', ['小鱼仔 Spicy Fish Snacks', 15.9], '鱿鱼丝 Shredded Squid'] },
      { category: 'pastries', brand: 'three-squirrels', prefix: '三只松鼠 ', kind: 'food', yuan: 19.9, description: '早餐下午茶 Breakfast and tea time', models: ['手撕面包 Hand-torn Bread', '蛋黄酥 Egg Yolk Pastry', '麻薯 Mochi 抹茶味', '肉松饼 Pork Floss Cake', '每日黑巧 Dark Chocolate'] },
      { category: 'gift-boxes', brand: 'three-squirrels', prefix: '三只松鼠 ', kind: 'single', yuan: 168, description: '送礼佳选 A gift for every occasion', models: ['坚果礼盒 年货大礼包 1.5kg', ['中秋零食礼盒 Mid-Autumn Gift Box', 128], ['新春坚果礼盒 Spring Festival Box 2.2kg', 218], ['企业团购礼盒 Corporate Gift Box', 299]] },
      { category: 'tea', brand: 'three-squirrels', prefix: '三只松鼠 ', kind: 'food', yuan: 39.9, description: '原产地直采 Sourced at origin', models: [['金骏眉红茶 Jinjunmei Black Tea', 89], '茉莉花茶 Jasmine Tea', '桂花乌龙 Osmanthus Oolong', ['菊花枸杞茶 Chrysanthemum Goji Tea', 29.9], ['柠檬片 Dried Lemon Slices', 19.9]] },
    ],
  },
  {
    codePrefix: 'IK',
    lines: [
      { category: 'sofas', brand: 'ikea', kind: 'furniture', yuan: 2999, description: '舒适耐用，可拆洗沙发套 Washable covers', models: [['KIVIK 奇维 三人沙发 3-seat sofa', 3999], ['FRIHETEN 弗瑞顿 转角沙发床 Corner sofa-bed', 3299], ['EKTORP 爱克托 双人沙发 2-seat sofa', 2499], ['VIMLE 维姆勒 三人沙发 3-seat sofa', 4999], ['GLOSTAD 格洛斯塔 双人沙发 2-seat sofa', 699], ['POÄNG 波昂 扶手椅 Armchair', 799], ['SÖDERHAMN 索德汉 单人沙发 Armchair', 1999]] },
      { category: 'tables-chairs', brand: 'ikea', kind: 'furniture', yuan: 499, description: '简约北欧设计 Scandinavian design', models: [['LACK 拉克 边桌 Side table', 69], ['LISABO 利萨伯 餐桌 Dining table', 1299], ['MICKE 米克 书桌 Desk', 499], ['INGOLF 英格弗 椅子 Chair', 399], ['MARKUS 马库斯 办公椅 Office chair', 1099], ['TERJE 泰耶 折叠椅 Folding chair', 149], ['EKEDALEN 埃克达伦 伸缩餐桌 Extendable table', 1999], ['LINNMON 林蒙 / ADILS 阿迪斯 桌子 Table', 199]] },
      { category: 'storage', brand: 'ikea', kind: 'furniture', yuan: 599, description: '让收纳井井有条 Everything in its place', models: [['KALLAX 卡莱克 搁架单元 Shelving unit', 549], ['BILLY 毕利 书柜 Bookcase', 399], ['MALM 马尔姆 五斗柜 Chest of 5 drawers', 1199], ['HEMNES 汉尼斯 鞋柜 Shoe cabinet', 999], ['SKUBB 斯库布 收纳盒 6件套 Box set of 6', 99], ['TROFAST 思图法 储物组合 Storage combination', 699]] },
      { category: 'storage', brand: 'ikea', kind: 'furniture', yuan: 3999, productType: 'PHYSICAL_WITH_SERVICE', description: '含上门安装 Assembly at home included', models: ['PAX 帕克思 衣柜(含安装) Wardrobe with assembly'] },
      { category: 'cookware', brand: 'ikea', kind: 'single', yuan: 199, description: '适用于各种炉灶 For all hobs', models: [['IKEA 365+ 炖锅 带盖 5L Pot with lid', 249], ['VARDAGEN 瓦达根 平底锅 28cm Frying pan', 179], ['HEMKOMST 海姆孔 不锈钢锅 3件套 Cookware set', 299], ['KAVALKAD 卡瓦卡 煎锅 2件套 Frying pans', 69]] },
      { category: 'tableware', brand: 'ikea', kind: 'furniture', yuan: 99, description: '日常餐具 Everyday tableware', models: [['FÄRGRIK 法格里克 杯子 Mug', 15], ['DINERA 迪纳拉 餐具 18件套 18-piece service', 299], ['OFTAST 奥夫塔 盘子 Plate', 9.9], ['IKEA 365+ 玻璃杯 6件套 Glasses', 59]] },
      { category: 'bedding', brand: 'ikea', kind: 'bedding', yuan: 199, description: '纯棉亲肤 Pure cotton', models: [['DVALA 德瓦拉 被套枕套套装 Duvet cover set', 199], ['NATTJASMIN 纳特贾斯明 被套套装 Duvet cover set', 499], ['SMÅSPORRE 斯莫斯波 被芯 Duvet, warm', 399], ['ÄNGSLILJA 安格丽拉 床单 Sheet', 149]] },
      { category: 'assembly', brand: 'ikea', kind: 'serviceTier', yuan: 199, productType: 'SERVICE', description: '专业师傅上门 Professional fitters at your home', models: ['家具安装服务 Furniture Assembly', ['上门测量与规划 Home Planning Visit', 99], ['送货上门服务 Home Delivery', 99]] },
    ],
  },
  {
    codePrefix: 'NK',
    lines: [
      { category: 'running-shoes', brand: 'nike', prefix: '耐克 ', kind: 'shoes', yuan: 899, description: '为跑步而生 Made for running', models: [['Nike Pegasus 41 飞马', 899], ['Nike Vomero 18', 999], ['Nike Invincible 3', 1399], ['Nike Vaporfly 3', 1799], ['Nike Alphafly 3', 2299], ['Nike Structure 25', 999], ['Nike Zoom Fly 6', 1199], ['Nike Winflo 11', 599]] },
      { category: 'basketball-shoes', brand: 'nike', prefix: '耐克 ', kind: 'shoes', yuan: 1099, description: '球场表现 Court performance', models: [['Nike LeBron XXII', 1499], ['Nike Sabrina 2', 899], ['Nike G.T. Cut 3', 1299], ['Nike Ja 2', 899], ['Jordan Luka 3', 999], ['Air Jordan 39', 1399]] },
      { category: 'lifestyle-shoes', brand: 'nike', prefix: '耐克 ', kind: 'shoes', yuan: 799, description: '经典传承 Icons for every day', models: [["Nike Air Force 1 '07 空军一号", 799], ['Nike Dunk Low Retro', 799], ['Nike Air Max 90', 999], ['Nike Air Max 270', 1099], ['Nike Cortez 阿甘鞋', 649], ["Nike Blazer Mid '77 开拓者", 749], ['Nike Killshot 2', 699]] },
      { category: 'training-tops', brand: 'nike', prefix: '耐克 ', kind: 'apparel', yuan: 299, description: 'Dri-FIT 速干科技 Sweat-wicking', models: [['Nike Dri-FIT 男子速干训练T恤 Men Training Top', 199], ['Nike Pro 女子紧身训练上衣 Women Tight Top', 249], ['Nike Sportswear Club Fleece 男子套头衫 Crew', 399], ['Nike Tech Fleece 男子全长拉链连帽衫 Hoodie', 899], ['Nike Dri-FIT ADV 跑步上衣 Running Top', 399], ['Nike Windrunner 男子梭织夹克 Jacket', 599]] },
      { category: 'training-pants', brand: 'nike', prefix: '耐克 ', kind: 'apparel', yuan: 299, description: '自在运动 Move freely', models: [['Nike Sportswear Club 男子针织长裤 Joggers', 349], ['Nike Tech Fleece 男子慢跑裤 Joggers', 799], ['Nike Dri-FIT Challenger 男子跑步短裤 Shorts', 249], ['Nike One 女子高腰紧身裤 Leggings', 399], ['Nike Pro 男子训练短裤 Shorts', 199]] },
      { category: 'yoga', brand: 'nike', prefix: '耐克 ', kind: 'color', yuan: 199, description: '训练好帮手 Training essentials', models: [['Nike 瑜伽垫 4mm Yoga Mat', 299], ['Nike Fundamental 训练弹力带 3件套 Resistance Bands', 149], ['Nike Hyperfuel 运动水壶 710ml Water Bottle', 129], ['Nike Brasilia 训练背包 24L Backpack', 299]] },
    ],
  },
  {
    codePrefix: 'MI',
    lines: [
      { category: 'smartphones', brand: 'xiaomi', prefix: '小米 ', kind: 'phone', yuan: 3999, description: '徕卡影像，澎湃 OS Leica optics, HyperOS', models: [['Xiaomi 15', 4499], ['Xiaomi 15 Pro', 5299], ['Xiaomi 15 Ultra', 6499], ['Xiaomi MIX Flip', 5999], ['Xiaomi Civi 4 Pro', 2999], ['Redmi K80', 2499], ['Redmi K80 Pro', 3699], ['Redmi Turbo 4', 1999], ['Redmi Note 14 Pro+', 1899], ['Redmi 14C', 699]] },
      { category: 'tablets', brand: 'xiaomi', prefix: '小米 ', kind: 'tablet', yuan: 1999, description: '3.2K 高刷大屏 3.2K display', models: [['Xiaomi Pad 7', 1999], ['Xiaomi Pad 7 Pro', 2499], ['Redmi Pad Pro', 1399], ['Redmi Pad SE', 899]] },
      { category: 'laptops', brand: 'xiaomi', prefix: '小米 ', kind: 'laptop', yuan: 4999, description: '轻薄高性能 Thin and powerful', models: [['Xiaomi Book Pro 14', 6999], ['Redmi Book 16', 4299], ['Redmi Book Pro 14', 5299]] },
      { category: 'smartwatches', brand: 'xiaomi', prefix: '小米 ', kind: 'watch', yuan: 999, description: '运动健康 Fitness and health', models: [['Xiaomi Watch S4', 999], ['手环 9 Pro Band 9 Pro', 399], ['Redmi Watch 5', 499]] },
      { category: 'earphones', brand: 'xiaomi', prefix: '小米 ', kind: 'color', yuan: 699, description: '沉浸音质 Immersive sound', models: [['Xiaomi Buds 5 Pro', 1299], ['Redmi Buds 6 Pro', 399]] },
      { category: 'appliances', brand: 'mijia', kind: 'color', yuan: 999, description: '米家智能生活 Smart living with Mijia', models: [['米家扫拖机器人 M30 Robot Vacuum', 2999], ['米家无线吸尘器 G20 Cordless Vacuum', 1299], ['米家空气净化器 4 Pro Air Purifier', 1499], ['米家智能电饭煲 IH 3L Rice Cooker', 399], ['米家电动牙刷 T302 Electric Toothbrush', 199], ['米家台灯 Pro Desk Lamp', 249], ['米家加湿器 2 Humidifier', 229]] },
      { category: 'air-conditioners', brand: 'mijia', kind: 'airConditioner', yuan: 2999, productType: 'PHYSICAL_WITH_SERVICE', description: '新一级能效，含标准安装 Standard installation included', models: [['米家空调 巨省电 1.5匹 新一级能效 1.5HP', 2599], ['米家空调 立式柜机 3匹 3HP Floor-standing', 5999], ['Xiaomi 鲜风空调 1.5匹 Fresh Air AC', 3999]] },
      { category: 'phone-accessories', brand: 'xiaomi', prefix: '小米 ', kind: 'color', yuan: 99, description: '小米原装配件 Genuine accessories', models: [['120W 充电器套装 Charger Kit', 129], ['无线充电宝 10000mAh Wireless Power Bank', 149], ['Xiaomi 15 Pro 保护壳 Case', 79]] },
    ],
  },
];
