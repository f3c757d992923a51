/**
 * Evidence fields that several firms' rows decide: a guarantee chain's or star's earliest
 * guarantee end, a released circle's release day. Each member's evidence is attached when the
 * member is generated; each guarantee reports its day when its borrower is; every attached
 * evidence carries the earliest day reported (the truth is written once all firms are, so the
 * chunk a firm falls in changes nothing).
 */
import { type Day, formatDay } from './calendar';
import type { ProblemEvidence } from './truth';

export class EvidenceLedger {
  private readonly entries = new Map<string, { evidence: ProblemEvidence[]; day: Day | null }>();

  /** Sets `field` of `evidence` to the earliest day reported under (key, field), now and as more are. */
  attach(key: string, field: string, evidence: ProblemEvidence): void {
    const entry = this.entry(key, field);
    entry.evidence.push(evidence);
    evidence[field] = entry.day === null ? null : formatDay(entry.day);
  }

  report(key: string, field: string, day: Day): void {
    const entry = this.entry(key, field);
    if (entry.day !== null && entry.day <= day) return;
    entry.day = day;
    for (const e of entry.evidence) e[field] = formatDay(day);
  }

  /** Keys (`key/field`) with attached evidence but no day reported: a plan the rows did not carry out. */
  unreported(): string[] {
    return [...this.entries].filter(([, e]) => e.day === null && e.evidence.length > 0).map(([k]) => k);
  }

  private entry(key: string, field: string) {
    const k = `${key}/${field}`;
    let entry = this.entries.get(k);
    if (!entry) this.entries.set(k, (entry = { evidence: [], day: null }));
    return entry;
  }
}
