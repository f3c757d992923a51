/**
 * Related groups' (关联集团) settings, beside the guarantee network's (NETWORK_DEPTH in
 * network.service.ts): who counts as a firm's controller, and how far the guarantees are followed.
 */
import { NETWORK_DEPTH } from './network.service';

export interface RelatedGroupConfig {
  /**
   * The share (0-1, at most 4 decimals; inclusive) at which the largest ultimate controller of a
   * firm controls it, and at which that controller's other firms belong to the group.
   */
  controlShare: string;
  /** How many guarantees out the group's guarantee network is followed (the network's maximum depth). */
  networkDepth: number;
}

export const RELATED_GROUP_CONFIG: RelatedGroupConfig = {
  controlShare: '0.5000',
  networkDepth: NETWORK_DEPTH.max,
};
