/**
 * Related groups (关联集团) for a batch of borrowers, in a fixed number of statements whatever
 * the batch: the borrowers' ownership and guarantee networks come from the request's loaders
 * (the same batches `ultimateControllers` and `guaranteeNetwork(depth: 6)` use), then one walk
 * down from every controller found (related-group.repository.ts) and one read of the borrowers'
 * own exposures.
 *
 * - The controller: the ultimate controller at the top of a chain of holdings of at least
 *   `controlShare` each (control, not the product of the ratios), the largest such. A person is looked for elsewhere by resident ID
 *   number (a person recorded without one controls the borrower but groups no other firm: a name
 *   is not an identity); a firm (a root, or one at the depth bound) by USCC.
 * - CONTROLLER members: the other firms the controller controls (the same chains, walked down); with no
 *   controller, the borrower heads its own group: the firms it holds at least that share of.
 * - CONTROLLING_FIRM member: a controller that is a firm (its loans are the group's exposure too).
 * - GUARANTEE members: the borrower's guarantee network at `networkDepth` (live guarantees, either way).
 * - `exposure`: the borrower's own plus every member's, in fen (exact).
 */
import type DataLoader from 'dataloader';
import type { Database } from '../db/database';
import { fenToString, toFen } from '../lib/money';
import { shareBp } from './beneficial-owner.rule';
import type { Ownership } from './network.service';
import { ControllerKind, type GuaranteeNetwork, type NetworkKey, type UltimateController } from './network.types';
import { RELATED_GROUP_CONFIG, type RelatedGroupConfig } from './related-group.config';
import { type ControlledFirmRow, type ControllerKey, controlledFirmsOf, exposuresOf } from './related-group.repository';
import { RelatedGroup, RelatedGroupMember, RelatedGroupReasonKind } from './related-group.types';

/** The request's loaders a group is built from. */
export interface RelatedGroupDeps {
  ownership: DataLoader<string, Ownership>;
  guaranteeNetworks: DataLoader<NetworkKey, GuaranteeNetwork, string>;
}

/**
 * The borrower's controller (实际控制人): the ultimate controller at the top of a chain of control,
 * each holding on the path at least the control share (a person holding 60% of H, H 70% of the
 * borrower, controls it with a 42% share); of several, the largest share first.
 */
export function controllerOf(
  controllers: readonly UltimateController[],
  controlShare: string,
): UltimateController | null {
  const min = shareBp(controlShare);
  return controllers.find((c) => c.paths.some((p) => p.ratios.every((r) => shareBp(r) >= min))) ?? null;
}

/** Where the walk down starts from for a controller, or null when it cannot be looked for (a person without an ID number). */
export function controllerKey(c: UltimateController): ControllerKey | null {
  if (c.kind === ControllerKind.NATURAL_PERSON) return c.holderIdNo ? { kind: 'PERSON', key: c.holderIdNo } : null;
  return c.holderUscc ? { kind: 'FIRM', key: c.holderUscc } : null;
}

/** One borrower's group from its parts (a pure function). */
export function assembleGroup(
  uscc: string,
  parts: {
    controller: UltimateController | null;
    controlled: readonly ControlledFirmRow[];
    network: GuaranteeNetwork;
    borrowerExposure: string;
    /** The bank's exposure to the controller, when it is a firm. */
    controllerExposure?: string;
  },
  config: RelatedGroupConfig = RELATED_GROUP_CONFIG,
): RelatedGroup {
  const members = new Map<string, RelatedGroupMember>();
  const memberOf = (m: { uscc: string; name: string | null; exposure: string }) => {
    let member = members.get(m.uscc);
    if (!member) members.set(m.uscc, (member = { uscc: m.uscc, name: m.name, exposure: m.exposure, reasons: [] }));
    return member;
  };
  const head = parts.controller;
  if (head?.holderUscc && head.holderType === 'FIRM' && head.holderUscc !== uscc)
    memberOf({
      uscc: head.holderUscc,
      name: head.holderName,
      exposure: parts.controllerExposure ?? '0.00',
    }).reasons.push({
      kind: RelatedGroupReasonKind.CONTROLLING_FIRM,
      controllerShare: head.share,
      hops: null,
      path: null,
      edges: null,
    });
  for (const c of parts.controlled)
    if (c.uscc !== uscc)
      memberOf(c).reasons.push({
        kind: RelatedGroupReasonKind.CONTROLLER,
        controllerShare: c.share,
        hops: null,
        path: null,
        edges: null,
      });
  for (const n of parts.network.members)
    memberOf(n).reasons.push({
      kind: RelatedGroupReasonKind.GUARANTEE,
      controllerShare: null,
      hops: n.hops,
      path: n.path,
      edges: n.edges,
    });
  const list = [...members.values()].sort((a, b) => {
    const d = toFen(b.exposure) - toFen(a.exposure);
    return d !== 0n ? (d > 0n ? 1 : -1) : a.uscc < b.uscc ? -1 : a.uscc > b.uscc ? 1 : 0;
  });
  const total = list.reduce((sum, m) => sum + toFen(m.exposure), toFen(parts.borrowerExposure));
  return {
    uscc,
    asOf: parts.network.asOf,
    controlShare: config.controlShare,
    networkDepth: config.networkDepth,
    controller: parts.controller,
    members: list,
    borrowerExposure: fenToString(toFen(parts.borrowerExposure)),
    exposure: fenToString(total),
  };
}

function settled<V>(values: Array<V | Error>): V[] {
  return values.map((v) => {
    if (v instanceof Error) throw v;
    return v;
  });
}

/** Each borrower's related group, in a fixed number of statements for the batch. */
export async function relatedGroupsOf(
  db: Database,
  deps: RelatedGroupDeps,
  usccs: readonly string[],
  config: RelatedGroupConfig = RELATED_GROUP_CONFIG,
): Promise<RelatedGroup[]> {
  const [ownerships, networks] = await Promise.all([
    deps.ownership.loadMany(usccs).then(settled),
    deps.guaranteeNetworks.loadMany(usccs.map((uscc) => ({ uscc, depth: config.networkDepth }))).then(settled),
  ]);
  const controllers = ownerships.map((o) => controllerOf(o.controllers, config.controlShare));
  // With no controller, the borrower heads its own group.
  const keys = controllers.map((c, i): ControllerKey | null =>
    c ? controllerKey(c) : { kind: 'FIRM', key: usccs[i] },
  );
  const controllerFirms = controllers.map((c) => (c?.holderType === 'FIRM' ? c.holderUscc : null));
  const firms = [...usccs, ...controllerFirms.filter((u): u is string => u !== null)];
  // Always one statement, even with no controller in the batch: the count does not depend on the data.
  const wanted = keys.filter((k): k is ControllerKey => k !== null);
  const [controlled, exposures] = await Promise.all([
    controlledFirmsOf(db, wanted, config.controlShare),
    exposuresOf(db, firms),
  ]);
  const exposureOf = new Map(firms.map((u, k) => [u, exposures[k]]));
  const byKey = new Map(wanted.map((k, i) => [`${k.kind}:${k.key}`, controlled[i]]));
  return usccs.map((uscc, i) => {
    const k = keys[i];
    return assembleGroup(
      uscc,
      {
        controller: controllers[i],
        controlled: k ? (byKey.get(`${k.kind}:${k.key}`) ?? []) : [],
        network: networks[i],
        borrowerExposure: exposureOf.get(uscc)!,
        controllerExposure: controllerFirms[i] ? exposureOf.get(controllerFirms[i]!) : undefined,
      },
      config,
    );
  });
}
