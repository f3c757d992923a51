/**
 * NETWORK_CONTAGION (关联风险传染): a firm of the borrower's guarantee network (live guarantees,
 * either direction, up to `contagionDepth` guarantees out) is in distress: a stored RED / ORANGE
 * tier, an open enforcement, a dishonest-debtor listing or a loan in default. Its guarantors may
 * be called, or the firms it guarantees may have to call on it. The evidence names each such
 * member, the path to it with the guarantees along it, and each sign with its record. HIGH when
 * a distressed member is one guarantee away, MEDIUM further out.
 */
import type { DistressedMember } from '../../health/facts';
import { Severity } from '../../quality/finding.entity';
import type { NetworkWarningRule } from './rule';

export type { DistressedMember, DistressSign } from '../../health/facts';

export interface NetworkContagionEvidence {
  /** Guarantees out the network was read to. */
  depth: number;
  /** Firms in the network (the borrower not counted). */
  networkFirms: number;
  /** The distressed members, nearest first. */
  distressed: DistressedMember[];
  /** The stored tiers that count as distress. */
  tiers: string[];
  /** Days past due that make a loan a default. */
  defaultDays: number;
}

export const networkContagionRule: NetworkWarningRule<'NETWORK_CONTAGION', NetworkContagionEvidence> = {
  code: 'NETWORK_CONTAGION',
  number: null,
  title: 'A firm of its guarantee network is in distress (关联风险传染)',
  severity: Severity.HIGH,
  sources: ['bank', 'judicial'],
  evaluate({ facts, config }) {
    const network = facts.network;
    if (!network?.distressed.length) return null;
    const distressed = [...network.distressed].sort((a, b) => a.hops - b.hops || a.uscc.localeCompare(b.uscc));
    const near = distressed[0];
    const more = distressed.length > 1 ? ` and ${distressed.length - 1} more` : '';
    return {
      severity: near.hops === 1 ? Severity.HIGH : Severity.MEDIUM,
      message: `${near.name ?? near.uscc}, ${near.hops === 1 ? 'one guarantee' : `${near.hops} guarantees`} away (${near.path.join(' - ')}), is in distress: ${near.signs.map((s) => s.detail).join('; ')}${more}`,
      evidence: {
        depth: network.depth,
        networkFirms: network.members,
        distressed,
        tiers: config.contagionTiers,
        defaultDays: config.contagionDefaultDays,
      },
    };
  },
};
