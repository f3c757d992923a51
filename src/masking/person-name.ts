/**
 * Whose name is it: a person's (personal data, masked) or an organisation's (shown as is).
 * Pure functions over the name and what the record says about it; no look-ups.
 *
 * - A record that types its party says so: a shareholder's `holderType`, a court party's
 *   `partyType` (PERSON / FIRM). A legal representative (法定代表人) is always a person.
 * - Otherwise the name decides. An organisation's name carries its organisational form
 *   (有限公司, 合作社, 经营部, 厂, 店 ..., or Co./Ltd./GmbH ... in Latin script); a person's
 *   name is short: 2-4 Han characters (5 with a compound surname), Han parts joined by a middle
 *   dot (阿卜杜·热合曼, 约翰·史密斯), or a few Latin words (John Smith).
 * - A party named without a USCC that is not an organisation by its name is taken for a
 *   person (fail closed: a person has no USCC, so an invoice's buyer without one and without
 *   an organisational form is someone's name, whatever its length).
 */

/** Compound (two-character) surnames, kept whole when a name is masked: 欧阳娜娜 -> 欧阳**. */
export const COMPOUND_SURNAMES: ReadonlySet<string> = new Set([
  '欧阳',
  '司马',
  '上官',
  '诸葛',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '长孙',
  '宇文',
  '司徒',
  '夏侯',
  '轩辕',
  '令狐',
  '端木',
  '独孤',
  '南宫',
  '西门',
  '百里',
  '呼延',
  '万俟',
  '澹台',
  '公冶',
  '太史',
  '申屠',
  '闻人',
  '钟离',
  '宗政',
  '濮阳',
  '淳于',
  '单于',
  '太叔',
  '仲孙',
  '赫连',
  '东郭',
  '第五',
  '司空',
  '左丘',
  '拓跋',
]);

/**
 * Words only an organisation's name contains (anywhere: 合伙企业（有限合伙）, 鑫华（杭州）机械有限公司):
 * legal and organisational forms, and trade words no one is named after.
 */
const ORG_WORDS = [
  '公司',
  '集团',
  '控股',
  '有限',
  '股份',
  '合伙',
  '企业',
  '实业',
  '银行',
  '信用社',
  '联社',
  '合作社',
  '事务所',
  '研究院',
  '研究所',
  '设计院',
  '中心',
  '工作室',
  '经营部',
  '门市部',
  '服务部',
  '办事处',
  '委员会',
  '协会',
  '商会',
  '学会',
  '基金',
  '医院',
  '学校',
  '学院',
  '大学',
  '政府',
  '商行',
  '保理',
  '信托',
  '租赁',
  '担保',
  '证券',
  '保险',
  '贷款',
  '投资',
  '科技',
  '贸易',
  '商贸',
  '工程',
  '农场',
  '果园',
  '种植园',
  '超市',
  '民宿',
];

/**
 * Organisational forms of one character (XX五金店, XX加工厂, XX货运部, XX布行), counted at the end
 * of a name of 4 characters or more: shorter, they may be a given name's last character (王志行).
 */
const ORG_ENDINGS = new Set('厂店部社行所院局馆场队坊室站处铺'.split(''));

/** Latin-script organisational forms and words, as whole words. */
const LATIN_ORG =
  /\b(?:co|corp|corporation|company|companies|inc|incorporated|ltd|limited|llc|llp|lp|plc|gmbh|ag|sa|sarl|bv|nv|pte|pty|kk|group|holdings?|bank|trust|fund|partners|associates|university|institute|foundation|association|cent(?:er|re)|factory|store|shop|studio|trading|industr(?:y|ies|ial)|technolog(?:y|ies)|enterprises?|services?|international)\b/i;

/** A trailing bracketed qualifier of an organisation's name: （有限合伙）, (普通合伙). */
const TRAILING_BRACKET = /[（(][^（）()]*[）)]$/u;

const HAN_NAME = /^\p{Script=Han}{2,4}$/u;
const HAN_NAME_COMPOUND = /^\p{Script=Han}{5}$/u;
/** Han parts joined by a middle dot (or its look-alikes): minority and transliterated names. */
const DOTTED_NAME = /^\p{Script=Han}+(?:[·•‧・∙⋅．.]\p{Script=Han}+)+$/u;
/** One to six Latin words (letters, apostrophes, hyphens, initials with a dot). */
const LATIN_NAME = /^\p{Script=Latin}[\p{Script=Latin}'’.-]*(?:[ ·]+\p{Script=Latin}[\p{Script=Latin}'’.-]*){0,5}$/u;

/** Whether `name` is an organisation's by its form (see ORG_WORDS, ORG_ENDINGS, LATIN_ORG). */
export function isOrganisationName(name: string): boolean {
  const s = name.replace(/\s+/g, '');
  if (!s) return false;
  if (ORG_WORDS.some((w) => s.includes(w))) return true;
  const core = [...s.replace(TRAILING_BRACKET, '')];
  // 4 characters starting with a compound surname are a person's name (欧阳志行), not a shop's.
  const personLike = core.length === 4 && COMPOUND_SURNAMES.has(core[0] + core[1]);
  if (core.length >= 4 && !personLike && ORG_ENDINGS.has(core[core.length - 1])) return true;
  return LATIN_ORG.test(name);
}

/** Whether `name` has the shape of a person's name and is not an organisation's. */
export function looksLikePersonName(name: string): boolean {
  const s = name.trim();
  if (!s || isOrganisationName(s)) return false;
  if (HAN_NAME.test(s)) return true;
  if (HAN_NAME_COMPOUND.test(s)) return COMPOUND_SURNAMES.has(s.slice(0, 2));
  if (DOTTED_NAME.test(s)) return s.length <= 30;
  return LATIN_NAME.test(s) && s.length <= 60;
}

/** What a record says about a named party, when it says anything. */
export interface PartyFacts {
  /** The record's own type for the party (`PERSON` or `FIRM`); it wins when given. */
  type?: string | null;
  /** The party's USCC; `null` when the record has none (a person has none), `undefined` when the record has no such field. */
  uscc?: string | null;
}

/** Whether the party named `name` is a person (see the module comment for the rules). */
export function isPersonParty(name: string, facts: PartyFacts = {}): boolean {
  if (facts.type) return facts.type === 'PERSON';
  if (facts.uscc === null) return name.trim() !== '' && !isOrganisationName(name);
  return looksLikePersonName(name);
}

/**
 * A name-like run in free text: Han characters, with middle dots between them and bracketed
 * Han inside or after them (鑫华（杭州）机械有限公司, XX投资合伙企业（有限合伙）); or Latin words.
 * Digits, percentages, punctuation and brackets holding anything else end a run.
 */
const NAME_RUN =
  /\p{Script=Han}(?:\p{Script=Han}|[·•‧・∙⋅．.](?=\p{Script=Han})|[（(]\p{Script=Han}+[）)])*|\p{Script=Latin}(?:[\p{Script=Latin}'’-]|[ .·,&]+(?=\p{Script=Latin})|\.)*/gu;

/**
 * Masks every person's name in free text with `maskName`, keeping the rest as it is: the
 * percentages, the punctuation, organisations' names. Used on text whose words are names (a
 * registry change of the legal representative or the shareholders: `黄俊志(78.59%)、李华(21.41%)`),
 * so it fails closed: a run of two or more characters that is not an organisation's name is
 * masked as a person's, a bracketed qualifier after a name (张三（执行董事）) included. A single
 * character is left: it shows no more than a masked name does.
 */
export function maskNamesInText(text: string, maskName: (name: string) => string): string {
  const piece = (p: string) => ([...p].length < 2 ? p : maskName(p));
  return text.replace(NAME_RUN, (run) => {
    if (isOrganisationName(run)) return run;
    return /[（(]/u.test(run) ? run.replace(/[^（()）]+/gu, piece) : piece(run);
  });
}
