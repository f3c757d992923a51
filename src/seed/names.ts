/**
 * Plausible Chinese names: firms (`{city}{brand}{industry word}{有限公司|有限责任公司|股份有限公司}`),
 * sole-proprietor shops (个体工商户), cooperatives, people and addresses.
 *
 * Firm names are unique by construction: the brand (字号) is a bijection of the firm's serial
 * number, so two firms never share a brand and no name variant of one firm can equal another
 * firm's name. Brands are two characters for the first BRAND_CHARS^2 serials and three after.
 */
import { type Region, cityShortName, hasCity, localityName, provinceShortName } from '../reference/regions';
import { Converter } from 'opencc-js';
import { type Rng, Weighted, hashInts } from './random';

// ---------------------------------------------------------------------------------------------
// Brands (字号)

const BRAND_CHARS = Array.from(
  new Set(
    (
      '鑫华盛瑞恒达通源泰丰隆兴宏海金嘉德信诚安康顺祥福利美佳优新明光辉永昌茂润泽博远鼎创益天宇汇聚合力立豪雅锦' +
      '绿蓝星辰阳晨凯越腾飞航峰岳川江河湖森林欣悦诺卓尚品致和正大成东南西北升龙凤鹏骏舜尧禹元亨贞吉庆春秋' +
      '银铭钧锐智慧宏图万千百佰仟亿弘扬乾坤鸿运捷迅锋晟昊昱煜炜烨琪瑜琳璟瑾珂璐蕴韵钰铠铄铂浩淼沣' +
      '洲澜涛湘沅湛滨沁泓清恬宁静雍容禾穗稼丰粟谷麦稻茗芳菲蓉荟萃菁葵蔚蓬勃'
    ).split(''),
  ),
).slice(0, 150);
const P = BRAND_CHARS.length;
const BLOCK2 = P * P;
const BLOCK3 = P * P * P;

/** Largest serial a brand can be made for. */
export const MAX_BRAND_SERIAL = BLOCK2 + BLOCK3 - 1;

/** Affine bijection of [0, size): multiplier coprime to every P^k (a prime not dividing P). */
function permute(x: number, size: number, offset: number): number {
  const MULTIPLIER = 7919;
  return ((((x % size) * MULTIPLIER) % size) + offset) % size;
}

/** The brand of a serial number: distinct serials always give distinct brands. */
export function brandOf(serial: number, seed: number): string {
  if (serial < 0 || serial > MAX_BRAND_SERIAL) throw new RangeError(`no brand for serial ${serial}`);
  const offset = hashInts(seed, 0xb4a9d);
  if (serial < BLOCK2) {
    const x = permute(serial, BLOCK2, offset % BLOCK2);
    return BRAND_CHARS[Math.floor(x / P)] + BRAND_CHARS[x % P];
  }
  const x = permute(serial - BLOCK2, BLOCK3, offset % BLOCK3);
  return BRAND_CHARS[Math.floor(x / BLOCK2)] + BRAND_CHARS[Math.floor(x / P) % P] + BRAND_CHARS[x % P];
}

// ---------------------------------------------------------------------------------------------
// Industry words

/** Words that name the trade in a company name, per GB/T 4754 class. */
const INDUSTRY_WORDS: Record<string, string[]> = {
  A0141: ['农业', '蔬菜', '生态农业'],
  A0151: ['果业', '农业科技', '果品'],
  A0313: ['养殖', '牧业', '生猪养殖'],
  A0412: ['水产养殖', '渔业', '水产'],
  C1431: ['食品', '粮油食品', '面业'],
  C1810: ['服装', '服饰', '制衣'],
  C2110: ['家具', '木业', '家居'],
  C2231: ['包装', '纸业', '包装制品'],
  C2921: ['塑料制品', '塑业', '新材料'],
  C3311: ['钢结构', '金属制品', '钢构'],
  C3484: ['机械', '精密机械', '机械配件'],
  C3670: ['汽车配件', '汽配', '汽车零部件'],
  C3831: ['电线电缆', '线缆', '电缆'],
  C3981: ['电子', '电子科技', '电子元件'],
  E4710: ['建筑工程', '建设', '建工'],
  E4813: ['市政工程', '路桥工程', '市政建设'],
  E4910: ['电气安装', '机电工程', '电力工程'],
  E5011: ['装饰工程', '装饰设计', '建筑装饰'],
  F5123: ['农产品', '果蔬', '农副产品'],
  F5131: ['纺织品', '纺织', '布业'],
  F5165: ['建材', '建筑材料', '新型建材'],
  F5174: ['五金', '五金机电', '五金交电'],
  F5212: ['超市', '商贸', '百货'],
  F5292: ['电子商务', '网络科技', '电商'],
  G5431: ['物流', '运输', '货运'],
  H6110: ['酒店管理', '酒店', '宾馆'],
  H6210: ['餐饮管理', '餐饮', '饮食'],
  I6513: ['软件', '信息技术', '网络科技'],
  L7259: ['广告', '文化传媒', '广告传媒'],
  O8010: ['家政服务', '家政', '物业服务'],
  O8111: ['汽车维修', '汽车服务', '汽修'],
  P8391: ['职业培训', '教育科技', '培训'],
};

/** What a sole proprietor's shop is called, per class (个体工商户 组织形式). */
const SHOP_WORDS: Record<string, string[]> = {
  A0141: ['家庭农场', '种植园'],
  A0151: ['果园', '家庭农场'],
  A0313: ['养殖场', '养猪场'],
  A0412: ['养殖场', '渔场'],
  C1431: ['面食加工坊', '粮油加工厂'],
  C1810: ['服装加工厂', '制衣厂'],
  C2110: ['家具厂', '木器加工厂'],
  C2231: ['纸箱厂', '包装厂'],
  C2921: ['塑料加工厂'],
  C3311: ['钢构加工厂', '铁艺加工厂'],
  C3484: ['机械加工厂', '五金加工厂'],
  C3670: ['汽配加工厂'],
  C3831: ['电线加工厂'],
  C3981: ['电子加工厂'],
  E4710: ['建筑工程队'],
  E4813: ['土石方工程队'],
  E4910: ['水电安装部'],
  E5011: ['装饰工作室', '装修队'],
  F5123: ['水果店', '蔬菜批发部'],
  F5131: ['布行', '纺织品经营部'],
  F5165: ['建材店', '建材经营部'],
  F5174: ['五金店', '五金经营部'],
  F5212: ['便利店', '超市', '副食店'],
  F5292: ['网店', '电商工作室'],
  G5431: ['货运部', '运输队'],
  H6110: ['宾馆', '旅馆', '民宿'],
  H6210: ['餐馆', '饭店', '小吃店'],
  I6513: ['软件工作室'],
  L7259: ['广告部', '图文广告店'],
  O8010: ['家政服务部'],
  O8111: ['汽车修理厂', '汽修店'],
  P8391: ['培训中心'],
};

/** What a farmers' cooperative grows or raises. */
const COOP_WORDS: Record<string, string> = {
  A0141: '蔬菜种植',
  A0151: '果品种植',
  A0313: '生猪养殖',
  A0412: '水产养殖',
};

/** Former trade words of renamed firms (a name change usually widens the trade). */
const FORMER_WORDS = ['贸易', '商贸', '实业', '工贸', '发展', '经营部'];

export type CompanySuffix = '有限公司' | '有限责任公司' | '股份有限公司';
export const COMPANY_SUFFIXES = Weighted.of<CompanySuffix>([
  ['有限公司', 62],
  ['有限责任公司', 30],
  ['股份有限公司', 8],
]);

export type EntityKind = 'COMPANY' | 'INDIVIDUAL_BUSINESS' | 'COOPERATIVE';

/** The parts of a firm name, kept so that name variants can be built from them. */
export interface NameParts {
  kind: EntityKind;
  /** Region prefix: a city short name for companies, a county for shops and cooperatives. */
  prefix: string;
  brand: string;
  trade: string;
  suffix: string;
  /** Company names of the form 鑫华（杭州）机械有限公司. */
  bracketed: boolean;
}

export function composeName(p: NameParts): string {
  if (p.bracketed) return `${p.brand}（${p.prefix}）${p.trade}${p.suffix}`;
  return `${p.prefix}${p.brand}${p.trade}${p.suffix}`;
}

/** Draws the parts of a name for a firm with the given brand. */
export function drawNameParts(
  rng: Rng,
  kind: EntityKind,
  brand: string,
  region: Region,
  industryCode: string,
): NameParts {
  if (kind === 'INDIVIDUAL_BUSINESS') {
    return {
      kind,
      prefix: region.name,
      brand,
      trade: rng.pick(SHOP_WORDS[industryCode] ?? ['经营部']),
      suffix: '',
      bracketed: false,
    };
  }
  if (kind === 'COOPERATIVE') {
    return {
      kind,
      prefix: region.name,
      brand,
      trade: COOP_WORDS[industryCode] ?? '农业',
      suffix: '专业合作社',
      bracketed: false,
    };
  }
  const trade = rng.pick(INDUSTRY_WORDS[industryCode] ?? ['实业']);
  const suffix = rng.weighted(COMPANY_SUFFIXES);
  return { kind, prefix: cityShortName(region), brand, trade, suffix, bracketed: rng.chance(0.08) };
}

/** A former name: same brand, another trade word (and sometimes the other company suffix). */
export function formerNameParts(rng: Rng, current: NameParts): NameParts {
  const words = FORMER_WORDS.filter(
    (w) => w !== current.trade && !(current.kind !== 'INDIVIDUAL_BUSINESS' && w === '经营部'),
  );
  const trade = rng.pick(words);
  if (current.kind !== 'COMPANY') return { ...current, trade, bracketed: false };
  const suffix = current.suffix === '股份有限公司' ? rng.pick(['有限公司', '有限责任公司']) : current.suffix;
  return { ...current, trade, suffix, bracketed: false };
}

/** A core enterprise's name (a larger group company). */
export function coreEnterpriseName(brand: string, region: Region, industryCode: string, rng: Rng): string {
  const trade = rng.pick(INDUSTRY_WORDS[industryCode] ?? ['实业']);
  return `${provinceShortName(region.province)}${brand}${trade}集团股份有限公司`;
}

// ---------------------------------------------------------------------------------------------
// Name variants (how other sources misspell a firm)

export type NameVariantKind = 'HALF_WIDTH_BRACKETS' | 'COMPANY_SUFFIX' | 'NO_REGION_PREFIX' | 'FORMER_NAME';

/** The variant kinds a name supports (FORMER_NAME only when the firm was renamed). */
export function variantKindsFor(parts: NameParts, hasFormerName: boolean): NameVariantKind[] {
  const kinds: NameVariantKind[] = [];
  if (parts.bracketed) kinds.push('HALF_WIDTH_BRACKETS');
  if (parts.suffix === '有限公司' || parts.suffix === '有限责任公司') kinds.push('COMPANY_SUFFIX');
  if (!parts.bracketed) kinds.push('NO_REGION_PREFIX');
  if (hasFormerName) kinds.push('FORMER_NAME');
  return kinds;
}

/** The variant of a name; FORMER_NAME takes the firm's latest former name. */
export function nameVariant(parts: NameParts, kind: NameVariantKind, formerName?: string): string {
  switch (kind) {
    case 'HALF_WIDTH_BRACKETS':
      return composeName(parts).replace('（', '(').replace('）', ')');
    case 'COMPANY_SUFFIX':
      return composeName({ ...parts, suffix: parts.suffix === '有限公司' ? '有限责任公司' : '有限公司' });
    case 'NO_REGION_PREFIX':
      return `${parts.brand}${parts.trade}${parts.suffix}`;
    case 'FORMER_NAME':
      if (!formerName) throw new Error('FORMER_NAME variant of a firm that was never renamed');
      return formerName;
  }
}

// ---------------------------------------------------------------------------------------------
// Hard name variants: records entity resolution must not get wrong (sources/judicial.ts plants
// them, plan.ts picks the firms). Each is labelled with what resolution should do with it.

export type HardVariantKind =
  /** The registered name in Traditional characters (Taiwan or Hong Kong forms): link. */
  | 'TRADITIONAL'
  /** Full-width letters or digits before the name, or a bracketed note after it (ＨＺ杭州…, …（ＨＺ）): link. */
  | 'FULL_WIDTH_NOISE'
  /** The name with the other legal form (股份有限公司 for an 有限公司, or back): a different entity; review, never auto-link. */
  | 'OTHER_LEGAL_FORM'
  /** A branch of the firm (…有限公司西湖分公司), registered apart from it: review, never auto-link. */
  | 'BRANCH'
  /** The bare trade name (字号 + trade word, no region, no legal form): review, never auto-link. */
  | 'BARE_TRADE_NAME'
  /** A name that alone does not identify the firm (bare, or the trade word shortened or extended) in a court of the firm's county: review, the location must not make it a link. */
  | 'LOCATION_ONLY'
  /** The bare trade name two firms share (the firm and its look-alike): review, both offered. */
  | 'SHARED_TRADE_NAME'
  /** The look-alike's own registered name, while a firm with its 字号 and trade word exists: link to the look-alike. */
  | 'LOOKALIKE_NAME';

/** The kinds planted on one firm alone (SHARED_TRADE_NAME and LOOKALIKE_NAME come with a look-alike pair). */
export const SINGLE_HARD_KINDS: readonly HardVariantKind[] = [
  'TRADITIONAL',
  'FULL_WIDTH_NOISE',
  'OTHER_LEGAL_FORM',
  'BRANCH',
  'BARE_TRADE_NAME',
  'LOCATION_ONLY',
];

/** What entity resolution should do with a hard variant: link it to the firm, or send it to review (never auto-link). */
export function expectedFor(kind: HardVariantKind): 'LINK' | 'REVIEW' {
  return kind === 'TRADITIONAL' || kind === 'FULL_WIDTH_NOISE' || kind === 'LOOKALIKE_NAME' ? 'LINK' : 'REVIEW';
}

const toTraditional = new Map<'tw' | 'hk', (text: string) => string>();
/** A name in Traditional characters, Taiwan (tw) or Hong Kong (hk) forms (OpenCC). */
export function traditionalName(name: string, script: 'tw' | 'hk' = 'tw'): string {
  const convert = toTraditional.get(script) ?? Converter({ from: 'cn', to: script });
  toTraditional.set(script, convert);
  return convert(name);
}

/** ASCII letters and digits in their full-width forms (Ａ-Ｚ, ０-９). */
export function fullWidth(text: string): string {
  return text.replace(/[!-~]/g, (c) => String.fromCodePoint(c.codePointAt(0)! + 0xfee0));
}

const LETTERS = 'ABCDEFGHJKLMNPQRSTWXYZ';

/** The county as a branch label names it (西湖区 -> 西湖, 连南瑶族自治县 -> 连南; a two-character county stays whole). */
export function countyShortName(region: Region): string {
  const short = region.name.replace(/^(.{2,}?)([^族]{1,4}族)+自治(县|旗)$/, '$1').replace(/(区|县|市|旗)$/, '');
  return short.length >= 2 ? short : region.name;
}

/** The hard variant of a firm's name (not for SHARED_TRADE_NAME and LOOKALIKE_NAME, which are the bare name and the look-alike's name). */
export function hardNameVariant(rng: Rng, parts: NameParts, kind: HardVariantKind, region: Region): string {
  const name = composeName(parts);
  switch (kind) {
    case 'TRADITIONAL': {
      const script = rng.chance(0.5) ? 'tw' : 'hk';
      const t = traditionalName(name, script);
      return t === name ? traditionalName(name, script === 'tw' ? 'hk' : 'tw') : t;
    }
    case 'FULL_WIDTH_NOISE': {
      const letters = Array.from({ length: rng.int(2, 3) }, () => rng.pick(LETTERS.split(''))).join('');
      const form = rng.int(0, 2);
      if (form === 0) return fullWidth(letters) + name;
      if (form === 1) return fullWidth(`${letters}${rng.int(1, 99)}`) + name;
      return `${name}（${fullWidth(letters)}）`;
    }
    case 'OTHER_LEGAL_FORM':
      return composeName({
        ...parts,
        suffix: parts.suffix === '股份有限公司' ? rng.pick(['有限公司', '有限责任公司']) : '股份有限公司',
      });
    case 'BRANCH':
      return `${name}${countyShortName(region)}分公司`;
    case 'BARE_TRADE_NAME':
    case 'SHARED_TRADE_NAME':
      return `${parts.brand}${parts.trade}`;
    case 'LOCATION_ONLY': {
      if (rng.chance(0.4)) return `${parts.brand}${parts.trade}`;
      // The trade word shortened (电子科技 -> 电子) or extended (机械 -> 机械科技).
      const trade = parts.trade.length >= 3 ? parts.trade.slice(0, 2) : `${parts.trade}科技`;
      return composeName({ ...parts, trade, bracketed: false });
    }
    case 'LOOKALIKE_NAME':
      return name;
  }
}

// ---------------------------------------------------------------------------------------------
// People

const SURNAMES = Weighted.of<string>([
  ['王', 72],
  ['李', 71],
  ['张', 68],
  ['刘', 54],
  ['陈', 46],
  ['杨', 33],
  ['黄', 24],
  ['赵', 21],
  ['吴', 20],
  ['周', 19],
  ['徐', 15],
  ['孙', 15],
  ['马', 14],
  ['朱', 13],
  ['胡', 12],
  ['郭', 12],
  ['何', 11],
  ['林', 11],
  ['高', 10],
  ['罗', 10],
  ['郑', 10],
  ['梁', 9],
  ['谢', 8],
  ['宋', 7],
  ['唐', 7],
  ['许', 7],
  ['韩', 7],
  ['冯', 6],
  ['邓', 6],
  ['曹', 6],
  ['彭', 6],
  ['曾', 6],
  ['肖', 5],
  ['田', 5],
  ['董', 5],
  ['潘', 5],
  ['袁', 5],
  ['蔡', 5],
  ['蒋', 5],
  ['余', 5],
  ['于', 5],
  ['杜', 4],
  ['叶', 4],
  ['程', 4],
  ['魏', 4],
  ['苏', 4],
  ['吕', 4],
  ['丁', 4],
  ['任', 4],
  ['卢', 4],
  ['姚', 4],
  ['沈', 4],
  ['钟', 4],
  ['姜', 4],
  ['崔', 3],
  ['谭', 3],
  ['陆', 3],
  ['范', 3],
  ['汪', 3],
  ['廖', 3],
  ['石', 3],
  ['金', 3],
  ['韦', 3],
  ['贾', 3],
  ['夏', 3],
  ['付', 3],
  ['方', 3],
  ['欧阳', 0.5],
  ['司马', 0.2],
  ['诸葛', 0.1],
] as Array<[string, number]>);
const MALE_GIVEN = '伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林峰建国文志海东亮成兵光晨阳毅博'.split('');
const FEMALE_GIVEN = '芳娜敏静丽艳娟霞燕玲婷雪慧莉萍红琳颖倩洁佳琴云蓉丹梅晶秀英兰莹岚璐怡欣悦雯婧'.split('');

export interface Person {
  name: string;
  male: boolean;
}

export function drawPerson(rng: Rng): Person {
  const male = rng.chance(0.72); // small-firm owners are mostly men
  const pool = male ? MALE_GIVEN : FEMALE_GIVEN;
  const given = rng.chance(0.7) ? rng.pick(pool) + rng.pick(pool) : rng.pick(pool);
  return { name: rng.weighted(SURNAMES) + given, male };
}

const PHONE_PREFIXES = [
  '130',
  '131',
  '132',
  '133',
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '153',
  '155',
  '156',
  '157',
  '158',
  '159',
  '166',
  '173',
  '176',
  '177',
  '180',
  '181',
  '182',
  '183',
  '185',
  '186',
  '187',
  '188',
  '189',
  '191',
  '199',
];

export function drawMobile(rng: Rng): string {
  return rng.pick(PHONE_PREFIXES) + String(rng.int(0, 99_999_999)).padStart(8, '0');
}

// ---------------------------------------------------------------------------------------------
// Addresses

const ROADS = (
  '人民路 解放路 中山路 建设路 文化路 和平路 新华路 胜利路 工业路 光明路 青年路 长江路 黄河路 朝阳路 东风路 ' +
  '兴业路 创业路 科技路 园区大道 环城路 滨江路 湖滨路 迎宾大道 世纪大道 振兴路 发展大道 金桥路 银河路 学院路 ' +
  '花园路 府前街 北大街 南大街 东大街 西大街 商贸路 物流大道 经济开发区纬一路 经济开发区经二路 工业园区兴园路 ' +
  '高新区创新路 文三路 天目山路 延安路 凤起路 体育场路 五一路 八一路 建国路 复兴路 公园路 站前路 桥东路 河西路'
).split(' ');

/** The administrative part of an address: 省 + 市 + 区/县 (municipalities say their name once). */
export function regionAddress(region: Region): string {
  const city = hasCity(region) ? region.city : '';
  const province = region.province === city ? '' : region.province;
  return `${province}${city}${region.name}`;
}

export function drawAddress(rng: Rng, region: Region): string {
  const street = `${rng.pick(ROADS)}${rng.int(1, 999)}号`;
  const room = rng.chance(0.45)
    ? `${rng.int(1, 12)}幢${rng.int(1, 20)}${String(rng.int(1, 20)).padStart(2, '0')}室`
    : '';
  return regionAddress(region) + street + room;
}

// ---------------------------------------------------------------------------------------------
// Business scope and authorities

const SCOPE: Record<string, string> = {
  A: '蔬菜、水果种植；牲畜饲养；水产养殖；农产品的生产、销售、加工、运输、贮藏及其他相关服务',
  C1431: '食品生产；粮食加工食品生产；食品销售',
  C1810: '服装制造；服装服饰批发；服装服饰零售；针纺织品销售',
  C2110: '家具制造；家具销售；家具安装和维修服务',
  C2231: '纸制品制造；纸制品销售；包装材料及制品销售',
  C2921: '塑料制品制造；塑料制品销售；新材料技术研发',
  C3311: '金属结构制造；金属结构销售；金属材料销售；建筑用钢筋产品销售',
  C3484: '机械零件、零部件加工；机械零件、零部件销售；通用设备制造（不含特种设备制造）',
  C3670: '汽车零部件及配件制造；汽车零配件批发；汽车零配件零售',
  C3831: '电线、电缆经营；电力电子元器件制造；五金产品批发',
  C3981: '电子元器件制造；电子元器件批发；电子产品销售',
  E: '建设工程施工；住宅室内装饰装修；建筑劳务分包；施工专业作业',
  F5123: '食用农产品批发；食用农产品零售；新鲜水果批发；新鲜蔬菜批发',
  F5131: '针纺织品及原料销售；面料纺织加工；服装辅料销售',
  F5165: '建筑材料销售；轻质建筑材料销售；建筑装饰材料销售',
  F5174: '五金产品批发；五金产品零售；机械设备销售；电气设备销售',
  F5212: '日用百货销售；食品销售（仅销售预包装食品）；烟草制品零售',
  F5292: '互联网销售（除销售需要许可的商品）；日用百货销售；电子产品销售',
  G: '道路货物运输（不含危险货物）；普通货物仓储服务；国内货物运输代理',
  H6110: '住宿服务；酒店管理；会议及展览服务',
  H6210: '餐饮服务；食品销售；餐饮管理',
  I: '软件开发；信息技术咨询服务；信息系统集成服务；技术服务、技术开发',
  L: '广告设计、代理；广告制作；广告发布；图文设计制作',
  O8010: '家政服务；物业管理；专业保洁、清洗、消毒服务',
  O8111: '机动车修理和维护；汽车零配件零售；洗车服务',
  P: '职业技能培训（不含需取得许可的职业技能培训）；教育咨询服务（不含涉许可审批的教育培训活动）',
};

export function businessScope(industryCode: string): string {
  const text = SCOPE[industryCode] ?? SCOPE[industryCode[0]] ?? '一般经营项目';
  return `一般项目：${text}（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）`;
}

/** The market-regulation bureau that registers firms of a county (登记机关). */
export function registryAuthority(region: Region): string {
  return `${localityName(region)}市场监督管理局`;
}

/** The competent tax office (主管税务机关). */
export function taxAuthority(region: Region): string {
  return `国家税务总局${localityName(region)}税务局`;
}

/** The basic-level people's court of a county. */
export function courtName(region: Region): string {
  return `${localityName(region)}人民法院`;
}
