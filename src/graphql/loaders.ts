/**
 * Every feature's per-request loaders, in one list. A feature declares and builds its own in
 * `<feature>.loaders.ts` (see `registerLoaders` in ./context); adding one means one line here.
 * The list must provide every loader the features declared, or this file does not compile.
 */
import type { AnyLoaderRegistration, RequestLoaders } from './context';
import { sourceLoaders, type Connectors } from '../connectors';
import { firmLoaders } from '../firm/firm.loaders';
import { provenanceLoaders } from '../provenance/provenance.loaders';
import { qualityLoaders } from '../quality/quality.loaders';
import { resolutionLoaders } from '../resolution/resolution.loaders';
import { reviewLoaders } from '../review/review.loaders';
import { healthLoaders } from '../health/health.loaders';
import { snapshotLoaders } from '../rescore/snapshot.loaders';
import { warningLoaders } from '../warnings/warning.loaders';
import { approvalLoaders } from '../approval/approval.loaders';
import { consentLoaders } from '../consent/consent.loaders';
import { networkLoaders } from '../network/network.loaders';

export function requestLoaders(connectors: Connectors) {
  const registrations = [
    sourceLoaders(connectors),
    firmLoaders,
    provenanceLoaders,
    qualityLoaders,
    resolutionLoaders,
    reviewLoaders,
    healthLoaders,
    snapshotLoaders,
    warningLoaders,
    approvalLoaders,
    consentLoaders,
    networkLoaders,
  ] as const;
  type Provided = UnionToIntersection<ReturnType<(typeof registrations)[number]>>;
  const complete: Exclude<keyof RequestLoaders, keyof Provided> extends never
    ? readonly AnyLoaderRegistration[]
    : never = registrations;
  return complete;
}

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;
