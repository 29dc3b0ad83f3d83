/**
 * The demo distributor's catalog: a food & beverage wholesaler (食品饮料批发). Each line gives a
 * category, a brand, product names, the base unit, a case unit and the sizes (spec, base price
 * in fen per base unit, base units per case). Every name becomes a product with one SKU per size.
 */
export const CATEGORY_TREE: [string, string[]][] = [
  ['饮料', ['饮用水', '碳酸饮料', '果汁饮料', '茶饮料', '功能饮料', '咖啡饮料']],
  ['乳品', ['纯牛奶', '酸奶', '乳饮料']],
  ['休闲零食', ['饼干糕点', '膨化食品', '坚果炒货', '糖果巧克力']],
  ['粮油', ['大米', '食用油', '面粉挂面']],
  ['调味品', ['酱油', '醋', '调味酱料']],
  ['酒水', ['啤酒', '白酒', '葡萄酒']],
  ['方便速食', ['方便面', '自热速食']],
];

export const BRANDS: [string, string][] = [
  ['农夫山泉', 'NFSQ'], ['怡宝', 'CRBAO'], ['百岁山', 'BSS'], ['景田', 'JT'], ['可口可乐', 'KO'], ['百事', 'PEP'], ['元气森林', 'YQSL'],
  ['康师傅', 'KSF'], ['统一', 'TY'], ['汇源', 'HY'], ['王老吉', 'WLJ'], ['红牛', 'RB'], ['东鹏特饮', 'DP'], ['雀巢', 'NES'],
  ['伊利', 'YL'], ['蒙牛', 'MN'], ['光明', 'GM'], ['君乐宝', 'JLB'], ['旺旺', 'WW'], ['奥利奥', 'ORO'], ['好丽友', 'ORI'], ['乐事', 'LAYS'],
  ['三只松鼠', 'SZSS'], ['良品铺子', 'LPPZ'], ['德芙', 'DOVE'], ['金龙鱼', 'JLY'], ['福临门', 'FLM'], ['鲁花', 'LH'], ['五得利', 'WDL'],
  ['海天', 'HT'], ['李锦记', 'LJJ'], ['千禾', 'QH'], ['恒顺', 'HS'], ['老干妈', 'LGM'], ['青岛啤酒', 'TSINGTAO'], ['雪花', 'SNOW'],
  ['百威', 'BUD'], ['燕京', 'YJ'], ['牛栏山', 'NLS'], ['红星', 'HX'], ['张裕', 'CY'], ['今麦郎', 'JML'], ['白象', 'BX'], ['自嗨锅', 'ZHG'],
];

export interface Line {
  cat: string;
  brand: string;
  names: string[];
  unit: string;
  caseUnit: string;
  /** [spec, fen per base unit, base units per case] */
  sizes: [string, number, number][];
  tags?: string[];
  params?: [string, string][];
}

const water: Line['params'] = [['保质期', '24个月'], ['储存条件', '避免阳光直射，常温保存'], ['产地', '中国']];
const drink: Line['params'] = [['保质期', '12个月'], ['储存条件', '阴凉干燥处，开启后请冷藏'], ['产地', '中国']];
const food: Line['params'] = [['保质期', '9个月'], ['储存条件', '常温、阴凉干燥处'], ['执行标准', 'GB 7099']];

export const LINES: Line[] = [
  { cat: '饮用水', brand: '农夫山泉', names: ['农夫山泉 饮用天然水', '农夫山泉 天然矿泉水 长白山', '农夫山泉 婴儿饮用水'], unit: '瓶', caseUnit: '箱', sizes: [['380ml×24', 150, 24], ['550ml×24', 200, 24], ['1.5L×12', 450, 12], ['4L×6', 900, 6]], tags: ['热销'], params: water },
  { cat: '饮用水', brand: '怡宝', names: ['怡宝 纯净水', '怡宝 至本清润 菊花茶饮'], unit: '瓶', caseUnit: '箱', sizes: [['350ml×24', 130, 24], ['555ml×24', 180, 24], ['1.555L×12', 420, 12]], tags: ['热销'], params: water },
  { cat: '饮用水', brand: '百岁山', names: ['百岁山 天然矿泉水', '百岁山 景田纯净水'], unit: '瓶', caseUnit: '箱', sizes: [['348ml×24', 220, 24], ['570ml×24', 300, 24], ['1.5L×12', 600, 12]], params: water },
  { cat: '饮用水', brand: '景田', names: ['景田 饮用纯净水', '景田 天然矿泉水 高端'], unit: '瓶', caseUnit: '箱', sizes: [['360ml×24', 120, 24], ['560ml×24', 170, 24]], params: water },
  { cat: '碳酸饮料', brand: '可口可乐', names: ['可口可乐 经典', '可口可乐 零度无糖', '雪碧 柠檬味汽水', '芬达 橙味汽水'], unit: '罐', caseUnit: '箱', sizes: [['330ml×24', 250, 24], ['500ml×24', 320, 24], ['2L×6', 780, 6]], tags: ['热销'], params: drink },
  { cat: '碳酸饮料', brand: '百事', names: ['百事可乐', '百事可乐 无糖', '七喜 柠檬味汽水', '美年达 橙味'], unit: '罐', caseUnit: '箱', sizes: [['330ml×24', 240, 24], ['600ml×24', 330, 24]], params: drink },
  { cat: '碳酸饮料', brand: '元气森林', names: ['元气森林 白桃味苏打气泡水', '元气森林 青瓜味苏打气泡水', '元气森林 可乐味气泡水'], unit: '瓶', caseUnit: '箱', sizes: [['480ml×15', 450, 15], ['330ml×24', 380, 24]], tags: ['新品', '无糖'], params: drink },
  { cat: '果汁饮料', brand: '汇源', names: ['汇源 100%橙汁', '汇源 100%苹果汁', '汇源 100%桃汁'], unit: '盒', caseUnit: '箱', sizes: [['1L×6', 1380, 6], ['200ml×24', 350, 24]], params: drink },
  { cat: '果汁饮料', brand: '统一', names: ['统一 鲜橙多', '统一 海之言 柠檬味'], unit: '瓶', caseUnit: '箱', sizes: [['450ml×15', 300, 15], ['1.5L×6', 680, 6]], params: drink },
  { cat: '茶饮料', brand: '康师傅', names: ['康师傅 冰红茶', '康师傅 绿茶', '康师傅 茉莉清茶', '康师傅 大红袍'], unit: '瓶', caseUnit: '箱', sizes: [['500ml×15', 300, 15], ['1L×12', 480, 12]], tags: ['热销'], params: drink },
  { cat: '茶饮料', brand: '统一', names: ['统一 冰红茶', '统一 绿茶', '统一 阿萨姆奶茶'], unit: '瓶', caseUnit: '箱', sizes: [['500ml×15', 300, 15], ['450ml×15', 400, 15]], params: drink },
  { cat: '茶饮料', brand: '王老吉', names: ['王老吉 凉茶', '王老吉 无糖凉茶'], unit: '罐', caseUnit: '箱', sizes: [['310ml×24', 350, 24], ['500ml×15', 450, 15]], params: drink },
  { cat: '茶饮料', brand: '农夫山泉', names: ['东方树叶 茉莉花茶', '东方树叶 乌龙茶', '东方树叶 青柑普洱'], unit: '瓶', caseUnit: '箱', sizes: [['500ml×15', 450, 15], ['900ml×12', 650, 12]], tags: ['无糖'], params: drink },
  { cat: '功能饮料', brand: '红牛', names: ['红牛 维生素功能饮料', '红牛 强化型'], unit: '罐', caseUnit: '箱', sizes: [['250ml×24', 520, 24]], tags: ['热销'], params: drink },
  { cat: '功能饮料', brand: '东鹏特饮', names: ['东鹏特饮 维生素功能饮料', '东鹏 补水啦 电解质饮料'], unit: '瓶', caseUnit: '箱', sizes: [['250ml×24', 400, 24], ['500ml×24', 550, 24]], params: drink },
  { cat: '功能饮料', brand: '农夫山泉', names: ['尖叫 纤维型运动饮料', '农夫山泉 力量帝 维他命水'], unit: '瓶', caseUnit: '箱', sizes: [['550ml×15', 400, 15]], params: drink },
  { cat: '咖啡饮料', brand: '雀巢', names: ['雀巢 丝滑拿铁', '雀巢 咖啡 醇品'], unit: '瓶', caseUnit: '箱', sizes: [['268ml×15', 550, 15], ['180ml×24', 420, 24]], params: drink },
  { cat: '纯牛奶', brand: '伊利', names: ['伊利 纯牛奶', '伊利 金典 有机纯牛奶', '伊利 舒化无乳糖牛奶'], unit: '盒', caseUnit: '箱', sizes: [['250ml×24', 280, 24], ['250ml×16', 350, 16]], tags: ['热销'], params: [['保质期', '6个月'], ['储存条件', '常温'], ['蛋白质', '3.2g/100ml']] },
  { cat: '纯牛奶', brand: '蒙牛', names: ['蒙牛 纯牛奶', '蒙牛 特仑苏 纯牛奶', '蒙牛 特仑苏 有机纯牛奶'], unit: '盒', caseUnit: '箱', sizes: [['250ml×24', 270, 24], ['250ml×12', 380, 12]], params: [['保质期', '6个月'], ['储存条件', '常温']] },
  { cat: '纯牛奶', brand: '光明', names: ['光明 纯牛奶', '光明 优倍 鲜牛奶'], unit: '盒', caseUnit: '箱', sizes: [['250ml×24', 260, 24]], params: [['保质期', '6个月']] },
  { cat: '酸奶', brand: '伊利', names: ['伊利 安慕希 原味酸奶', '伊利 安慕希 黄桃燕麦'], unit: '盒', caseUnit: '箱', sizes: [['205g×12', 520, 12], ['230g×10', 600, 10]], params: [['保质期', '5个月']] },
  { cat: '酸奶', brand: '蒙牛', names: ['蒙牛 纯甄 原味酸奶', '蒙牛 纯甄 草莓味'], unit: '盒', caseUnit: '箱', sizes: [['200g×12', 500, 12]], params: [['保质期', '5个月']] },
  { cat: '酸奶', brand: '君乐宝', names: ['君乐宝 简醇 0蔗糖酸奶', '君乐宝 开啡尔 酸奶'], unit: '盒', caseUnit: '箱', sizes: [['200g×10', 480, 10]], tags: ['新品'], params: [['保质期', '5个月']] },
  { cat: '乳饮料', brand: '旺旺', names: ['旺仔牛奶 原味', '旺仔牛奶 O泡果奶'], unit: '罐', caseUnit: '箱', sizes: [['245ml×24', 420, 24], ['125ml×20', 250, 20]], params: drink },
  { cat: '乳饮料', brand: '伊利', names: ['伊利 QQ星 儿童成长牛奶', '伊利 优酸乳 原味'], unit: '盒', caseUnit: '箱', sizes: [['250ml×24', 220, 24], ['125ml×20', 280, 20]], params: drink },
  { cat: '饼干糕点', brand: '奥利奥', names: ['奥利奥 原味夹心饼干', '奥利奥 巧克力味夹心饼干', '奥利奥 草莓味夹心饼干'], unit: '包', caseUnit: '箱', sizes: [['97g×24', 650, 24], ['388g×12', 1990, 12]], params: food },
  { cat: '饼干糕点', brand: '好丽友', names: ['好丽友 派 巧克力味', '好丽友 呀土豆', '好丽友 蛋黄派'], unit: '盒', caseUnit: '箱', sizes: [['6枚×12', 1280, 12], ['12枚×8', 2380, 8]], params: food },
  { cat: '饼干糕点', brand: '旺旺', names: ['旺旺 雪饼', '旺旺 仙贝', '旺旺 小小酥'], unit: '包', caseUnit: '箱', sizes: [['84g×24', 450, 24], ['520g×6', 2200, 6]], params: food },
  { cat: '膨化食品', brand: '乐事', names: ['乐事 薯片 原味', '乐事 薯片 黄瓜味', '乐事 薯片 青柠味', '乐事 薯片 墨西哥鸡汁番茄味'], unit: '袋', caseUnit: '箱', sizes: [['70g×22', 680, 22], ['135g×12', 1150, 12]], tags: ['热销'], params: food },
  { cat: '坚果炒货', brand: '三只松鼠', names: ['三只松鼠 每日坚果', '三只松鼠 夏威夷果', '三只松鼠 开心果', '三只松鼠 碧根果'], unit: '袋', caseUnit: '箱', sizes: [['175g×20', 2980, 20], ['500g×10', 6800, 10]], params: food },
  { cat: '坚果炒货', brand: '良品铺子', names: ['良品铺子 猪肉脯', '良品铺子 手撕面包', '良品铺子 蜀香牛肉'], unit: '袋', caseUnit: '箱', sizes: [['100g×20', 1990, 20], ['200g×10', 3580, 10]], tags: ['新品'], params: food },
  { cat: '糖果巧克力', brand: '德芙', names: ['德芙 丝滑牛奶巧克力', '德芙 黑巧克力 66%', '德芙 榛仁巧克力'], unit: '条', caseUnit: '箱', sizes: [['43g×48', 790, 48], ['252g×12', 4290, 12]], params: food },
  { cat: '大米', brand: '金龙鱼', names: ['金龙鱼 东北大米', '金龙鱼 乳玉皇妃 稻香贡米', '金龙鱼 泰国香米'], unit: '袋', caseUnit: '件', sizes: [['5kg×4', 3990, 4], ['10kg×2', 7590, 2]], params: [['产地', '黑龙江'], ['保质期', '12个月'], ['等级', '一级']] },
  { cat: '大米', brand: '福临门', names: ['福临门 五常大米', '福临门 丝苗米'], unit: '袋', caseUnit: '件', sizes: [['5kg×4', 4590, 4], ['2.5kg×6', 2480, 6]], params: [['产地', '五常'], ['等级', '一级']] },
  { cat: '食用油', brand: '金龙鱼', names: ['金龙鱼 黄金比例食用调和油', '金龙鱼 花生油', '金龙鱼 玉米油'], unit: '桶', caseUnit: '箱', sizes: [['5L×4', 6990, 4], ['1.8L×6', 2890, 6]], tags: ['热销'], params: [['保质期', '18个月'], ['工艺', '压榨']] },
  { cat: '食用油', brand: '鲁花', names: ['鲁花 5S压榨一级花生油', '鲁花 自然香 菜籽油'], unit: '桶', caseUnit: '箱', sizes: [['5L×4', 13990, 4], ['1.6L×6', 4990, 6]], params: [['工艺', '5S压榨'], ['保质期', '18个月']] },
  { cat: '食用油', brand: '福临门', names: ['福临门 大豆油', '福临门 葵花籽油'], unit: '桶', caseUnit: '箱', sizes: [['5L×4', 5990, 4]], params: [['保质期', '18个月']] },
  { cat: '面粉挂面', brand: '五得利', names: ['五得利 八星雪花小麦粉', '五得利 特精高筋粉'], unit: '袋', caseUnit: '件', sizes: [['5kg×4', 2690, 4], ['25kg×1', 11900, 1]], params: [['保质期', '12个月']] },
  { cat: '面粉挂面', brand: '金龙鱼', names: ['金龙鱼 原香鸡蛋挂面', '金龙鱼 麦芯挂面'], unit: '包', caseUnit: '箱', sizes: [['1kg×10', 1290, 10], ['500g×20', 690, 20]], params: food },
  { cat: '酱油', brand: '海天', names: ['海天 生抽酱油', '海天 老抽王', '海天 味极鲜酱油', '海天 金标生抽'], unit: '瓶', caseUnit: '箱', sizes: [['500ml×12', 690, 12], ['1.9L×6', 1990, 6]], tags: ['热销'], params: [['保质期', '24个月'], ['酿造工艺', '高盐稀态']] },
  { cat: '酱油', brand: '李锦记', names: ['李锦记 薄盐生抽', '李锦记 蒸鱼豉油'], unit: '瓶', caseUnit: '箱', sizes: [['500ml×12', 990, 12], ['410ml×12', 1090, 12]], params: [['保质期', '24个月']] },
  { cat: '酱油', brand: '千禾', names: ['千禾 零添加酱油', '千禾 御藏本酿 180天'], unit: '瓶', caseUnit: '箱', sizes: [['500ml×12', 1290, 12], ['1L×6', 2290, 6]], tags: ['新品'], params: [['保质期', '24个月']] },
  { cat: '醋', brand: '恒顺', names: ['恒顺 镇江香醋', '恒顺 陈醋'], unit: '瓶', caseUnit: '箱', sizes: [['500ml×12', 650, 12], ['1L×6', 1150, 6]], params: [['保质期', '36个月']] },
  { cat: '醋', brand: '海天', names: ['海天 白米醋', '海天 陈醋'], unit: '瓶', caseUnit: '箱', sizes: [['450ml×12', 550, 12]], params: [['保质期', '36个月']] },
  { cat: '调味酱料', brand: '老干妈', names: ['老干妈 风味豆豉油制辣椒', '老干妈 香辣脆油辣椒', '老干妈 风味鸡油辣椒'], unit: '瓶', caseUnit: '箱', sizes: [['280g×24', 1050, 24], ['210g×24', 880, 24]], tags: ['热销'], params: food },
  { cat: '调味酱料', brand: '李锦记', names: ['李锦记 旧庄特级蚝油', '李锦记 番茄沙司'], unit: '瓶', caseUnit: '箱', sizes: [['510g×12', 1490, 12], ['255g×24', 790, 24]], params: food },
  { cat: '调味酱料', brand: '海天', names: ['海天 上等蚝油', '海天 黄豆酱'], unit: '瓶', caseUnit: '箱', sizes: [['520g×12', 890, 12], ['340g×12', 650, 12]], params: food },
  { cat: '啤酒', brand: '青岛啤酒', names: ['青岛啤酒 经典', '青岛啤酒 纯生', '青岛啤酒 白啤'], unit: '罐', caseUnit: '箱', sizes: [['330ml×24', 380, 24], ['500ml×12', 600, 12]], tags: ['热销'], params: [['酒精度', '≥4.0%vol'], ['原麦汁浓度', '10°P']] },
  { cat: '啤酒', brand: '雪花', names: ['雪花 勇闯天涯', '雪花 纯生', '雪花 马尔斯绿'], unit: '罐', caseUnit: '箱', sizes: [['500ml×12', 450, 12], ['330ml×24', 320, 24]], params: [['酒精度', '≥3.3%vol']] },
  { cat: '啤酒', brand: '百威', names: ['百威 经典醇正', '百威 红罐 拉格'], unit: '罐', caseUnit: '箱', sizes: [['500ml×18', 700, 18], ['330ml×24', 520, 24]], params: [['酒精度', '≥3.6%vol']] },
  { cat: '啤酒', brand: '燕京', names: ['燕京 U8 小度特酿', '燕京 清爽'], unit: '瓶', caseUnit: '箱', sizes: [['500ml×12', 500, 12]], params: [['酒精度', '≥3.6%vol']] },
  { cat: '白酒', brand: '牛栏山', names: ['牛栏山 二锅头 陈酿', '牛栏山 二锅头 清香 56度'], unit: '瓶', caseUnit: '箱', sizes: [['500ml×12', 1580, 12], ['100ml×24', 690, 24]], params: [['酒精度', '42%vol'], ['香型', '浓香型']] },
  { cat: '白酒', brand: '红星', names: ['红星 二锅头 蓝瓶', '红星 二锅头 绵柔8陈酿'], unit: '瓶', caseUnit: '箱', sizes: [['500ml×12', 1990, 12], ['150ml×24', 1090, 24]], params: [['酒精度', '53%vol'], ['香型', '清香型']] },
  { cat: '葡萄酒', brand: '张裕', names: ['张裕 解百纳 干红葡萄酒', '张裕 多名利 干白'], unit: '瓶', caseUnit: '箱', sizes: [['750ml×6', 8900, 6]], params: [['酒精度', '12.5%vol'], ['产区', '烟台']] },
  { cat: '方便面', brand: '康师傅', names: ['康师傅 红烧牛肉面', '康师傅 老坛酸菜牛肉面', '康师傅 香辣牛肉面', '康师傅 鲜虾鱼板面'], unit: '袋', caseUnit: '箱', sizes: [['袋装 104g×24', 300, 24], ['桶装 110g×12', 500, 12], ['五连包×6', 1450, 6]], tags: ['热销'], params: food },
  { cat: '方便面', brand: '统一', names: ['统一 老坛酸菜牛肉面', '统一 汤达人 日式豚骨拉面', '统一 来一桶 红烧牛肉'], unit: '袋', caseUnit: '箱', sizes: [['袋装 121g×24', 300, 24], ['桶装 120g×12', 550, 12]], params: food },
  { cat: '方便面', brand: '今麦郎', names: ['今麦郎 一袋半 红烧牛肉', '今麦郎 弹面 香辣'], unit: '袋', caseUnit: '箱', sizes: [['袋装 143g×24', 250, 24]], params: food },
  { cat: '方便面', brand: '白象', names: ['白象 汤好喝 老母鸡汤面', '白象 大辣娇 火鸡面'], unit: '袋', caseUnit: '箱', sizes: [['袋装 115g×24', 300, 24], ['桶装 135g×12', 550, 12]], tags: ['新品'], params: food },
  { cat: '自热速食', brand: '自嗨锅', names: ['自嗨锅 麻辣牛肉自热火锅', '自嗨锅 煲仔饭 台式卤肉'], unit: '盒', caseUnit: '箱', sizes: [['400g×6', 3290, 6], ['260g×8', 2590, 8]], tags: ['新品'], params: food },
];

/** The line's sizes plus a double-case 量贩装 of its first size (bulk packs sell a little cheaper per unit). */
export function sizesOf(line: Line): [string, number, number][] {
  const [spec, price, perCase] = line.sizes[0]!;
  if (line.sizes.length > 2 || perCase < 4) return line.sizes;
  return [...line.sizes, [`${spec.replace(/×\d+$/, '')}×${perCase * 2} 量贩装`, Math.round(price * 0.96), perCase * 2]];
}
