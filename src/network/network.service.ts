/**
 * Guarantee networks and ownership as the API serves them, built from the repositories' one
 * statement per batch: the network's total exposure (exact, in fen), the depth checked.
 */
import { checkIntArg } from '../graphql/pagination';
import type { Database } from '../db/database';
import { fenToString, toFen } from '../lib/money';
import { guaranteeNetworks } from './guarantee.repository';
import type { GuaranteeNetwork, NetworkKey, UltimateController } from './network.types';
import { legalRepresentativesOf, ultimateControllersOf } from './ownership.repository';

/** The hops a guarantee network may be asked for. */
export const NETWORK_DEPTH = { min: 1, max: 6, default: 3 } as const;

/** BAD_USER_INPUT naming `depth` unless it is within NETWORK_DEPTH. */
export function checkDepth(depth: number): number {
  return checkIntArg(depth, NETWORK_DEPTH.min, NETWORK_DEPTH.max, 'depth');
}

export async function guaranteeNetworkOf(
  db: Database,
  keys: readonly NetworkKey[],
  asOfDate: string,
): Promise<GuaranteeNetwork[]> {
  const networks = await guaranteeNetworks(db, keys, asOfDate);
  return networks.map((n, i) => ({
    asOf: asOfDate,
    depth: keys[i].depth,
    members: n.members,
    totalExposure: fenToString(n.members.reduce((sum, m) => sum + toFen(m.exposure), 0n)),
    onCircle: n.circle.length > 0,
    circle: n.circle,
  }));
}

/** A firm's ultimate controllers and the legal representative its registry record names. */
export interface Ownership {
  controllers: UltimateController[];
  legalRep: { name: string; idNo: string | null } | null;
}

export async function ownershipOf(db: Database, usccs: readonly string[]): Promise<Ownership[]> {
  const [controllers, reps] = await Promise.all([ultimateControllersOf(db, usccs), legalRepresentativesOf(db, usccs)]);
  return usccs.map((_, i) => ({ controllers: controllers[i], legalRep: reps[i] }));
}
