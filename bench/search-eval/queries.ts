/**
 * The evaluation queries, by the pattern buyers type (issue #23). `want`: the product names
 * any of which counts as the right answer (the first of them found ranks the query).
 */
export type Kind = 'glued' | 'skip-initials' | 'initials' | 'synonym' | 'model' | 'size' | 'modifier' | 'typo' | 'pinyin' | 'brand-alias' | 'plain' | 'mixed';
export interface EvalQuery { q: string; kind: Kind; want: string[] }

const q = (kind: Kind, query: string, ...want: string[]): EvalQuery => ({ q: query, kind, want });

export const queries: EvalQuery[] = [
  // brand and product word typed together, with a word between them in the name or the word inside a longer one
  q('glued', '洁柔抽纸', '洁柔 面子抽纸 3层120抽×6包'),
  q('glued', '维达卷纸', '维达 蓝色经典卷纸 3层×10卷'),
  q('glued', '蓝月亮洗衣液', '蓝月亮 深层洁净洗衣液 3kg'),
  q('glued', '立白洗衣粉', '立白 无磷洗衣粉 1.6kg'),
  q('glued', '公牛插座', '公牛 五孔插座 10A', '公牛 三孔插座 16A', '公牛 USB插座 双口'),
  q('glued', '正泰断路器', '正泰 小型断路器 DZ47-63 C16', '正泰 小型断路器 DZ47-63 C32'),
  q('glued', '德力西接触器', '德力西 交流接触器 CJX2-1210', '德力西 交流接触器 CJX2-1810', '德力西 交流接触器 CJX2-12100'),
  q('glued', '九牧角阀', '九牧 不锈钢角阀 冷热通用'),
  q('glued', '九牧水龙头', '九牧 厨房水龙头 抽拉式', '九牧 面盆水龙头 冷热'),
  q('glued', '日丰水管', '日丰 PPR水管 20mm', '日丰 PPR水管 25mm'),
  q('glued', '世达扳手', '世达 活动扳手 8寸', '世达 活动扳手 10寸'),
  q('glued', '鲁花花生油', '鲁花 5S压榨一级花生油 5L', '鲁花 5S压榨一级花生油 1.8L'),
  q('glued', '海天生抽', '海天 金标生抽 1.9L'),
  q('glued', '舒肤佳香皂', '舒肤佳 纯白清香香皂 115g'),
  q('glued', '雷士筒灯', '雷士 LED筒灯 5W 开孔75mm', '雷士 LED筒灯 7W 开孔90mm'),
  q('glued', '博世角磨机', '博世 角磨机 GWS 700'),

  // initials of the brand and the head noun only
  q('skip-initials', 'cbsc', '厨邦 薄盐生抽 500ml'),
  q('skip-initials', 'jrcz', '洁柔 面子抽纸 3层120抽×6包'),
  q('skip-initials', 'ztdlq', '正泰 小型断路器 DZ47-63 C16', '正泰 小型断路器 DZ47-63 C32'),
  q('skip-initials', 'jmjf', '九牧 不锈钢角阀 冷热通用'),
  q('skip-initials', 'sdbs', '世达 活动扳手 8寸', '世达 活动扳手 10寸'),
  q('skip-initials', 'lhhsy', '鲁花 5S压榨一级花生油 5L', '鲁花 5S压榨一级花生油 1.8L'),
  q('skip-initials', 'lylxsy', '蓝月亮 芦荟抑菌洗手液 500g'),
  q('skip-initials', 'bscjz', '博世 冲击钻 GSB 550'),
  // contiguous initials
  q('initials', 'lbxyy', '立白 洗衣液 3kg', '立白 洗衣液 1kg'),
  q('initials', 'gnczzhq', '公牛 插座转换器 一转三'),
  q('skip-initials', 'jlythy', '金龙鱼 黄金比例调和油 5L'),
  q('initials', 'wmxsjcy', '威猛先生 洁厕液 500g'),

  // trade synonyms and short forms
  q('synonym', '卫生纸', '洁柔 有芯卷纸 4层140克×10卷', '维达 蓝色经典卷纸 3层×10卷', '清风 原木纯品卷纸 4层×27卷'),
  q('synonym', '泡面', '康师傅 红烧牛肉方便面 5连包'),
  q('synonym', '空开', '德力西 空气开关 DZ47s 1P 20A', '正泰 小型断路器 DZ47-63 C16', '正泰 小型断路器 DZ47-63 C32'),
  q('synonym', '漏保', '正泰 漏电保护器 DZ47LE-32 C20', '德力西 漏电断路器 DZ47sLE 2P 32A'),
  q('synonym', '排插', '公牛 插线板 4位 3米', '公牛 插线板 6位 5米'),
  q('synonym', '改锥', '史丹利 十字螺丝刀 PH2×100mm', '史丹利 一字螺丝刀 6×150mm'),
  q('synonym', '三角阀', '九牧 不锈钢角阀 冷热通用', '潜水艇 加厚角阀 全铜'),
  q('synonym', '坐便器', '箭牌 连体马桶 AB1116', '恒洁 坐便器 H0126D'),
  q('synonym', '洗碗液', '立白 洗洁精 1.5kg', '雕牌 超能洗洁精 1.29kg'),
  q('synonym', '生胶带', '联塑 生料带 加厚'),
  q('synonym', '黑胶布', '德力西 电工胶布 PVC绝缘 黑色'),
  q('synonym', '香波', ),

  // a model typed three ways; the exact model above its series siblings
  q('model', 'cjx21210', '德力西 交流接触器 CJX2-1210'),
  q('model', 'CJX2-1210', '德力西 交流接触器 CJX2-1210'),
  q('model', 'cjx2 1210', '德力西 交流接触器 CJX2-1210'),
  q('model', 'dz4763', '正泰 小型断路器 DZ47-63 C16', '正泰 小型断路器 DZ47-63 C32'),
  q('model', 'DZ47-63 C32', '正泰 小型断路器 DZ47-63 C32'),
  q('model', 'gsb550', '博世 冲击钻 GSB 550'),
  q('model', 'GSB-550', '博世 冲击钻 GSB 550'),
  q('model', 'z1cff26', '东成 电锤 Z1C-FF-26'),
  q('model', 'ab1116', '箭牌 连体马桶 AB1116'),
  q('model', 'h0126d', '恒洁 坐便器 H0126D'),
  q('model', 's1m ff100a', '东成 角磨机 S1M-FF-100A'),

  // a size or spec token decides the order
  q('size', '插座 16a', '公牛 三孔插座 16A'),
  q('size', '电线 4平方', '正泰 BV电线 4平方 100米'),
  q('size', '扳手 10寸', '世达 活动扳手 10寸'),
  q('size', '卷尺 3米', '史丹利 钢卷尺 3米'),
  q('size', 'ppr 25mm', '日丰 PPR水管 25mm'),
  q('size', 'pvc管 110', '联塑 PVC排水管 110mm'),
  q('size', '球泡 12w', '飞利浦 LED球泡 12W E27'),
  q('size', '花生油 1.8l', '鲁花 5S压榨一级花生油 1.8L'),
  q('size', '筒灯7w', '雷士 LED筒灯 7W 开孔90mm'),
  q('size', '洗衣液 1kg', '立白 洗衣液 1kg'),
  q('size', '软管 40cm', '潜水艇 进水软管 40cm'),

  // the thing itself above products that use the word as a modifier
  q('modifier', '插座', '公牛 五孔插座 10A', '公牛 三孔插座 16A', '公牛 USB插座 双口', '西门子 致典 五孔插座面板'),
  q('modifier', '冲击钻', '博世 冲击钻 GSB 550'),
  q('modifier', '马桶', '箭牌 连体马桶 AB1116', '恒洁 坐便器 H0126D'),
  q('modifier', '抽纸', '洁柔 面子抽纸 3层120抽×6包', '维达 超韧抽纸 3层130抽×6包', '心相印 茶语抽纸 3层100抽×3包'),
  q('modifier', 'ppr管', '日丰 PPR水管 20mm', '日丰 PPR水管 25mm', '伟星 PPR水管 20mm 冷水'),

  // typos: a wrong character, homophones, pinyin typos
  q('typo', '口香汤', '绿箭 薄荷口香糖 5片×20', '益达 木糖醇口香糖 40粒'),
  q('typo', '德力希', '德力西 空气开关 DZ47s 1P 20A', '德力西 漏电断路器 DZ47sLE 2P 32A', '德力西 交流接触器 CJX2-1210', '德力西 交流接触器 CJX2-1810', '德力西 交流接触器 CJX2-12100', '德力西 电工胶布 PVC绝缘 黑色'),
  q('typo', '欧谱吸顶灯', '欧普 LED吸顶灯 圆形 24W'),
  q('typo', '花洒套装恒问', '摩恩 淋浴花洒套装 恒温'),
  q('typo', 'xiyiyie', '立白 洗衣液 3kg', '立白 洗衣液 1kg', '蓝月亮 深层洁净洗衣液 3kg'),

  // pinyin
  q('pinyin', 'qixi', '七喜 柠檬味汽水 330ml×24'),
  q('pinyin', 'luhua', '鲁花 5S压榨一级花生油 5L', '鲁花 5S压榨一级花生油 1.8L'),
  q('pinyin', 'jiaofa', '九牧 不锈钢角阀 冷热通用', '潜水艇 加厚角阀 全铜'),
  q('pinyin', 'xiaoduye', '威露士 衣物消毒液 1L', '滴露 消毒液 750ml'),

  // Latin brand names and aliases
  q('brand-alias', 'delixi', '德力西 空气开关 DZ47s 1P 20A', '德力西 漏电断路器 DZ47sLE 2P 32A', '德力西 交流接触器 CJX2-1210', '德力西 交流接触器 CJX2-1810', '德力西 交流接触器 CJX2-12100', '德力西 电工胶布 PVC绝缘 黑色'),
  q('brand-alias', 'chnt 断路器', '正泰 小型断路器 DZ47-63 C16', '正泰 小型断路器 DZ47-63 C32'),
  q('brand-alias', 'bull插线板', '公牛 插线板 4位 3米', '公牛 插线板 6位 5米'),
  q('brand-alias', 'jomoo', '九牧 不锈钢角阀 冷热通用', '九牧 厨房水龙头 抽拉式', '九牧 面盆水龙头 冷热', '九牧 电热水器 60升'),
  q('brand-alias', 'liby洗洁精', '立白 洗洁精 1.5kg'),
  q('brand-alias', 'bosch', '博世 冲击钻 GSB 550', '博世 冲击钻钻头套装 5支', '博世 角磨机 GWS 700'),

  // plain queries that worked before and must keep working
  q('plain', '角磨机', '博世 角磨机 GWS 700', '东成 角磨机 S1M-FF-100A'),
  q('plain', '洁柔 抽纸', '洁柔 面子抽纸 3层120抽×6包'),
  q('plain', '蚝油', '海天 上等蚝油 700g'),
  q('plain', '消毒液', '威露士 衣物消毒液 1L', '滴露 消毒液 750ml'),
  q('plain', '电热水器', '九牧 电热水器 60升'),
  // more of the same patterns, other products and spellings
  q('glued', '公牛插线板', '公牛 插线板 4位 3米', '公牛 插线板 6位 5米'),
  q('glued', '飞利浦灯管', '飞利浦 LED灯管 T8 1.2米 18W'),
  q('glued', '潜水艇地漏', '潜水艇 防臭地漏 不锈钢'),
  q('glued', '榄菊蚊香', '榄菊 无烟蚊香 40盘'),
  q('glued', '箭牌马桶盖', '箭牌 缓降马桶盖'),
  q('glued', '立白洗衣液3kg', '立白 洗衣液 3kg'),
  q('glued', '日丰ppr25', '日丰 PPR水管 25mm'),
  q('glued', '正泰电线2.5', '正泰 BV电线 2.5平方 100米'),
  q('glued', '飞利浦球泡9w', '飞利浦 LED球泡 9W E27'),
  q('skip-initials', 'gnzhq', '公牛 插座转换器 一转三'),
  q('pinyin', 'gongniuchazuo', '公牛 五孔插座 10A', '公牛 三孔插座 16A', '公牛 USB插座 双口'),
  q('pinyin', 'gongniu插座', '公牛 五孔插座 10A', '公牛 三孔插座 16A', '公牛 USB插座 双口'),
  q('initials', '立白xyy', '立白 洗衣液 3kg', '立白 洗衣液 1kg'),
  q('synonym', '电钻', '博世 冲击钻 GSB 550'),
  q('synonym', '纸巾', '洁柔 面子抽纸 3层120抽×6包', '维达 超韧抽纸 3层130抽×6包', '心相印 茶语抽纸 3层100抽×3包'),
  q('synonym', '龙头', '九牧 厨房水龙头 抽拉式', '九牧 面盆水龙头 冷热'),
  q('typo', '九木角阀', '九牧 不锈钢角阀 冷热通用'),
  q('typo', '欧普吸顶等', '欧普 LED吸顶灯 圆形 24W'),
  q('typo', '公牛插坐', '公牛 五孔插座 10A', '公牛 三孔插座 16A', '公牛 USB插座 双口'),
  q('model', 'gws700', '博世 角磨机 GWS 700'),
  q('model', 'z1c ff 26', '东成 电锤 Z1C-FF-26'),
  q('model', 'st-65-167', '史丹利 十字螺丝刀 PH2×100mm'),
  q('model', 'dz47le32', '正泰 漏电保护器 DZ47LE-32 C20'),
].filter((x) => x.want.length > 0);
