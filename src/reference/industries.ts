/**
 * GB/T 4754-2017 industry classes the platform's synthetic portfolio uses (a subset of the
 * standard, chosen for small firms), with the sector groups the health index weights by.
 * A firm's industry code is the section letter plus the 4-digit class, e.g. C3311.
 */
export type Sector = 'MANUFACTURING' | 'WHOLESALE_RETAIL' | 'SERVICES' | 'CONSTRUCTION' | 'AGRICULTURE' | 'OTHER';

export interface Industry {
  code: string;
  name: string;
  sector: Sector;
}

export const SECTIONS: Record<string, string> = {
  A: '农、林、牧、渔业',
  C: '制造业',
  E: '建筑业',
  F: '批发和零售业',
  G: '交通运输、仓储和邮政业',
  H: '住宿和餐饮业',
  I: '信息传输、软件和信息技术服务业',
  L: '租赁和商务服务业',
  O: '居民服务、修理和其他服务业',
  P: '教育',
};

const SECTOR_OF_SECTION: Record<string, Sector> = {
  A: 'AGRICULTURE',
  C: 'MANUFACTURING',
  E: 'CONSTRUCTION',
  F: 'WHOLESALE_RETAIL',
  G: 'SERVICES',
  H: 'SERVICES',
  I: 'SERVICES',
  L: 'SERVICES',
  O: 'SERVICES',
  P: 'SERVICES',
};

const CLASSES: Array<[string, string]> = [
  ['A0141', '蔬菜种植'],
  ['A0151', '仁果类和核果类水果种植'],
  ['A0313', '猪的饲养'],
  ['A0412', '内陆养殖'],
  ['C1431', '米、面制品制造'],
  ['C1810', '机织服装制造'],
  ['C2110', '木质家具制造'],
  ['C2231', '纸和纸板容器制造'],
  ['C2921', '塑料薄膜制造'],
  ['C3311', '金属结构制造'],
  ['C3484', '机械零部件加工'],
  ['C3670', '汽车零部件及配件制造'],
  ['C3831', '电线、电缆制造'],
  ['C3981', '电阻电容电感元件制造'],
  ['E4710', '住宅房屋建筑'],
  ['E4813', '市政道路工程建筑'],
  ['E4910', '电气安装'],
  ['E5011', '公共建筑装饰和装修'],
  ['F5123', '果品、蔬菜批发'],
  ['F5131', '纺织品、针织品及原料批发'],
  ['F5165', '建材批发'],
  ['F5174', '五金产品批发'],
  ['F5212', '超级市场零售'],
  ['F5292', '互联网零售'],
  ['G5431', '普通货物道路运输'],
  ['H6110', '旅游饭店'],
  ['H6210', '正餐服务'],
  ['I6513', '应用软件开发'],
  ['L7259', '其他广告服务'],
  ['O8010', '家庭服务'],
  ['O8111', '汽车修理与维护'],
  ['P8391', '职业技能培训'],
];

export const INDUSTRIES: readonly Industry[] = CLASSES.map(([code, name]) => ({
  code,
  name,
  sector: SECTOR_OF_SECTION[code[0]] ?? 'OTHER',
}));

const byCode = new Map(INDUSTRIES.map((i) => [i.code, i]));

export function industryByCode(code: string): Industry | undefined {
  return byCode.get(code);
}

export function sectorOf(code: string): Sector {
  return SECTOR_OF_SECTION[code[0]] ?? 'OTHER';
}
