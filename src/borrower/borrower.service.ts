/** Pure helpers behind the borrower resolvers: argument checks and reference data. */
import { badInput } from '../errors';
import { industryByCode, SECTIONS } from '../reference/industries';
import { regionByCode } from '../reference/regions';
import type { FirmFilter } from '../firm/firm.repository';
import type { BorrowerFilter, IndustryInfo, RegionInfo } from './borrower.type';

const INDUSTRY_RE = /^[A-T](\d{2}(\d{1,2})?)?$/;
const REGION_RE = /^\d{2}(\d{2}(\d{2})?)?$/;

/** Validates the `borrowers` filter, naming the field, what it got and what it expects. */
export function checkFilter(filter: BorrowerFilter | undefined | null): FirmFilter {
  if (!filter) return {};
  const out: FirmFilter = {};
  if (filter.industry != null) {
    const v = filter.industry.trim().toUpperCase();
    if (!INDUSTRY_RE.test(v)) {
      throw badInput(
        `filter.industry ${JSON.stringify(filter.industry)} is not a GB/T 4754 code prefix: expected a section letter A-T optionally followed by 2, 3 or 4 digits, e.g. "C" or "C3311"`,
        { argument: 'filter.industry' },
      );
    }
    out.industry = v;
  }
  if (filter.region != null) {
    const v = filter.region.trim();
    if (!REGION_RE.test(v)) {
      throw badInput(
        `filter.region ${JSON.stringify(filter.region)} is not a GB/T 2260 code prefix: expected 2, 4 or 6 digits, e.g. "33", "3301" or "330106"`,
        { argument: 'filter.region' },
      );
    }
    out.region = v;
  }
  if (filter.name != null) {
    const v = filter.name.trim();
    if (v.length < 2 || v.length > 50) {
      throw badInput(`filter.name must have 2 to 50 characters, got ${v.length}`, { argument: 'filter.name' });
    }
    out.name = v;
  }
  return out;
}

export function industryInfo(code: string): IndustryInfo {
  return {
    code,
    name: industryByCode(code)?.name ?? null,
    section: code[0],
    sectionName: SECTIONS[code[0]] ?? null,
  };
}

export function regionInfo(code: string): RegionInfo {
  const r = regionByCode(code);
  return { code, name: r?.name ?? null, city: r?.city ?? null, province: r?.province ?? null };
}
