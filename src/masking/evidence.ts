/**
 * Personal data inside evidence JSON (a data-quality finding's, an early warning's) and inside the
 * message built from it: one pure walk that masks by key, so the evidence shows what the profile's
 * `@Sensitive` fields show of the same data (`sensitive.ts`, `SensitiveEvidence`).
 *
 * The keys are those the evidence builders write (src/quality/checks, src/warnings/rules/), plus
 * the registry's columns and the profile's field names of the same data:
 *
 * - ID numbers (`maskIdNumber`): `holder_id_no` (DUPLICATE_RECORD's shareholder rows),
 *   `holderIdNo`, `legal_rep_id_no`, `legalRepIdNo`;
 * - phones (`maskPhone`): `legal_rep_phone`, `legalRepPhone`;
 * - a person's name (`maskPersonName`), as the profile decides whose name it is (`isPersonParty`)
 *   from what the same object says: `legal_rep_name` / `legalRepName` (always a person);
 *   `holder_name` / `holderName` (the holder's type and USCC; DUPLICATE_RECORD's shareholder rows);
 *   `buyer_name` / `buyerName` and `seller_name` / `sellerName` (the party's USCC, or a `buyer`
 *   next to it: an invoice's party without one is a person unless an organisation by its name;
 *   DUPLICATE_INVOICE's rows);
 *   `name` next to a `party_type` / `partyType` (a court party, DUPLICATE_RECORD's case_party rows)
 *   or next to a `buyer` (MAJOR_CUSTOMER_LOSS's lost customers); any other `name` is a firm's;
 * - `buyer` (MAJOR_CUSTOMER_LOSS: the buyer's USCC, or its name when it has none) and `holder`
 *   (DUPLICATE_RECORD's shareholder key: USCC, else ID number, else name): a valid USCC is left,
 *   an ID number masked as one, a name by the rules above (`holder` of a FIRM holder is left);
 * - `before` / `after` (FREQUENT_LEGAL_REP_CHANGE's changes), `before_value` / `after_value`
 *   (DUPLICATE_RECORD's change_log rows), `beforeValue` / `afterValue`: text naming persons
 *   (`maskPersonNamesInText`) when the change is of the legal representative or the shareholders,
 *   as the profile's `changes` mask them. The item is the object's own `item`, or that of an
 *   enclosing object or of its `key` (a duplicated change's natural key); a change that names no
 *   item (the legal-representative changes FREQUENT_LEGAL_REP_CHANGE lists) is masked: fail closed.
 *
 * - `message` next to an `evidence` object (a warning or finding quoted whole, as an approval
 *   reason quotes those it names): the text built from that evidence, masked as `maskEvidenceText`
 *   masks it by the personal data the walk finds in that evidence.
 *
 * The health factors' evidence (src/health/indicators/) uses the same keys: CUSTOMER_CONCENTRATION's
 * `buyer` / `buyerName`, MAJOR_CUSTOMER_LOSS's `majorCustomers[]` (`buyer`, `name`), LEGAL_REP_CHANGES's
 * `changes[]` (`before`, `after`, no item: masked).
 *
 * A type (`holderType`, `holder_type`) is likewise taken from an enclosing object or its `key`
 * when the object lacks one. Every other value is left as it is: ids, dates, amounts, firms' USCCs.
 * A message built from the evidence embeds the same values, so it is masked by replacing each
 * personal datum the walk found (`maskEvidenceText`).
 */
import { isValidUscc } from '../lib/uscc';
import { maskIdNumber, maskPersonName, maskPersonNamesInText, maskPhone } from './mask';
import { SensitiveKind } from './masking.config';
import { isPersonParty, type PartyFacts } from './person-name';

type JsonObject = Record<string, unknown>;

/** What enclosing objects say about the records inside them. */
interface Scope {
  item?: string;
  holderType?: string;
}

interface Masked {
  kind: SensitiveKind;
  value: string;
}

type Rule = (value: string, obj: JsonObject, scope: Scope) => Masked | null;

/** Registry change items whose values name persons (as `RegistryChangeResolver` masks them). */
const NAME_CHANGE_ITEMS: ReadonlySet<string> = new Set(['LEGAL_REPRESENTATIVE', 'SHAREHOLDER']);

const ID_NUMBER = /^(?:\d{17}[\dXx]|\d{15})$/;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
/** A USCC fact as `isPersonParty` reads it: absent (undefined), none (null) or the value. */
const usccFact = (o: JsonObject, ...keys: string[]): string | null | undefined => {
  for (const k of keys) if (k in o) return str(o[k]) ?? null;
  return undefined;
};

const idNumber: Rule = (v) => ({ kind: SensitiveKind.ID_NUMBER, value: maskIdNumber(v) });
const phone: Rule = (v) => ({ kind: SensitiveKind.PHONE, value: maskPhone(v) });
const personName =
  (facts: (o: JsonObject, scope: Scope) => PartyFacts): Rule =>
  (v, o, scope) =>
    isPersonParty(v, facts(o, scope)) ? { kind: SensitiveKind.PERSON_NAME, value: maskPersonName(v) } : null;

/** A USCC, an ID number or a name in one value (`coalesce(uscc, id_no, name)`), of a party of `type` when known. */
const identifierOrName =
  (typeOf: (o: JsonObject, scope: Scope) => string | undefined): Rule =>
  (v, o, scope) => {
    const type = typeOf(o, scope);
    if (type === 'FIRM' || (type === undefined && isValidUscc(v))) return null;
    if (ID_NUMBER.test(v.trim())) return idNumber(v, o, scope);
    // No USCC here (it would come first): a person unless its type or its name says otherwise.
    return personName(() => ({ type, uscc: null }))(v, o, scope);
  };

const namesInChange: Rule = (v, _o, scope) => {
  if (scope.item !== undefined && !NAME_CHANGE_ITEMS.has(scope.item)) return null;
  return { kind: SensitiveKind.PERSON_NAME, value: maskPersonNamesInText(v) };
};

const holderType = (o: JsonObject, scope: Scope) => str(o.holderType) ?? str(o.holder_type) ?? scope.holderType;
const holderName = personName((o, scope) => ({
  type: holderType(o, scope),
  uscc: usccFact(o, 'holder_uscc', 'holderUscc'),
}));
/** A `buyer` next to a name is the buyer's USCC, or its name when it has none (`coalesce(buyer_uscc, buyer_name)`). */
const buyerFact = (o: JsonObject): string | null | undefined => {
  if (!('buyer' in o)) return undefined;
  const buyer = str(o.buyer);
  return buyer !== undefined && isValidUscc(buyer) ? buyer : null;
};
const buyerName = personName((o) => {
  const uscc = usccFact(o, 'buyer_uscc', 'buyerUscc');
  return { uscc: uscc === undefined ? buyerFact(o) : uscc };
});
const sellerName = personName((o) => ({ uscc: usccFact(o, 'seller_uscc', 'sellerUscc') }));
const legalRepName = personName(() => ({ type: 'PERSON' }));

/** `name` is a person's only next to what says whose it is: a court party's type, or a buyer. */
const name: Rule = (v, o, scope) => {
  const partyType = str(o.party_type) ?? str(o.partyType);
  if (partyType !== undefined) return personName(() => ({ type: partyType }))(v, o, scope);
  return 'buyer' in o ? personName(() => ({ uscc: buyerFact(o) }))(v, o, scope) : null;
};

/** The rule of each key that holds personal data (see the module comment). */
const RULES: Readonly<Record<string, Rule>> = {
  holder_id_no: idNumber,
  holderIdNo: idNumber,
  legal_rep_id_no: idNumber,
  legalRepIdNo: idNumber,
  legal_rep_phone: phone,
  legalRepPhone: phone,
  legal_rep_name: legalRepName,
  legalRepName,
  holder_name: holderName,
  holderName,
  buyer_name: buyerName,
  buyerName,
  seller_name: sellerName,
  sellerName,
  name,
  buyer: identifierOrName(() => undefined),
  holder: identifierOrName(holderType),
  before: namesInChange,
  after: namesInChange,
  before_value: namesInChange,
  after_value: namesInChange,
  beforeValue: namesInChange,
  afterValue: namesInChange,
};

export interface EvidenceMasking<T = unknown> {
  /** The evidence with every personal datum masked: a copy (the input itself when it has no key to mask), the input is left as it is. */
  value: T;
  /** The kinds of personal data found (empty: nothing to mask). */
  kinds: ReadonlySet<SensitiveKind>;
  /** Each personal datum found, in full, with its kind and masked form (for a text built from the evidence). */
  found: ReadonlyMap<string, Masked>;
}

const isObject = (v: unknown): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

/** Whether `v` has a text under a key with a rule anywhere inside it (else it holds nothing to mask). Allocates nothing. */
const mayHold = (v: unknown): boolean => {
  if (Array.isArray(v)) return v.some(mayHold);
  if (!isObject(v)) return false;
  for (const k of Object.keys(v)) {
    const x = v[k];
    if (typeof x === 'string' ? Object.hasOwn(RULES, k) : typeof x === 'object' && x !== null && mayHold(x))
      return true;
  }
  return false;
};

/**
 * `evidence` with the personal data in it masked by key (see the module comment). Pure, no look-ups.
 * Evidence without a key that may hold personal data (most health factors', on a page of 50
 * firms) comes back itself, after one scan that copies nothing.
 */
export function maskEvidence<T>(evidence: T): EvidenceMasking<T> {
  const kinds = new Set<SensitiveKind>();
  const found = new Map<string, Masked>();
  if (!mayHold(evidence)) return { value: evidence, kinds, found };
  const walk = (v: unknown, scope: Scope): unknown => {
    if (Array.isArray(v)) return v.map((x) => walk(x, scope));
    if (!isObject(v)) return v;
    const key = isObject(v.key) ? v.key : {};
    const inner: Scope = {
      item: str(v.item) ?? str(key.item) ?? scope.item,
      holderType: str(v.holderType) ?? str(v.holder_type) ?? str(key.holderType) ?? scope.holderType,
    };
    const out: JsonObject = {};
    for (const [k, x] of Object.entries(v)) {
      const rule = Object.hasOwn(RULES, k) ? RULES[k] : undefined;
      if (rule && typeof x === 'string' && x.trim() !== '') {
        const m = rule(x, v, inner);
        if (m && m.value !== x) {
          kinds.add(m.kind);
          found.set(x, m);
          out[k] = m.value;
          continue;
        }
      }
      out[k] = walk(x, inner);
    }
    // A record quoted whole (a warning's or finding's message with its evidence): the message names what its evidence holds.
    if (typeof v.message === 'string' && isObject(v.evidence)) {
      const text = maskEvidenceText(v.message, maskEvidence(v.evidence));
      if (text.kinds.size > 0) {
        for (const kind of text.kinds) kinds.add(kind);
        out.message = text.value;
      }
    }
    return out;
  };
  return { value: walk(evidence, {}) as T, kinds, found };
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * `text` (a message built from the evidence) with each personal datum the evidence holds masked as
 * in the evidence, and the kinds it held. Data of one character are left (as in free text: a
 * lone character shows no more than a masked name does, and would match everywhere).
 */
export function maskEvidenceText(
  text: string,
  masking: Pick<EvidenceMasking, 'found'>,
): { value: string; kinds: ReadonlySet<SensitiveKind> } {
  const kinds = new Set<SensitiveKind>();
  const raws = [...masking.found.keys()].filter((r) => [...r].length >= 2 && text.includes(r));
  if (raws.length === 0) return { value: text, kinds };
  // Longest first, so a name inside a longer datum (李华 in 李华(21.41%)、...) does not split it.
  const pattern = new RegExp(
    raws
      .sort((a, b) => b.length - a.length)
      .map(escape)
      .join('|'),
    'g',
  );
  const value = text.replace(pattern, (raw) => {
    const m = masking.found.get(raw)!;
    kinds.add(m.kind);
    return m.value;
  });
  return { value, kinds };
}
