/**
 * Related groups' (关联集团) settings, beside the guarantee network's (NETWORK_DEPTH in
 * network.service.ts): who counts as a firm's controller, and how far the guarantees are followed.
 */
import { NETWORK_DEPTH } from './network.service';

export interface RelatedGroupConfig {
  /**
   * The holding (0-1, at most 4 decimals; inclusive) that controls a firm. Control passes along a
   * chain of such holdings (a person holding 60% of H, H 70% of X, controls X); the controller's
   * other firms so controlled belong to the group.
   */
  controlShare: string;
  /** How many guarantees out the group's guarantee network is followed (the network's maximum depth). */
  networkDepth: number;
}

export const RELATED_GROUP_CONFIG: RelatedGroupConfig = {
  controlShare: '0.5000',
  networkDepth: NETWORK_DEPTH.max,
};
