/**
 * The rescore's settings (docs/snapshots.md): batch size, how long a batch may run before the
 * queue gives it to another worker, how often each tier is re-scored with nothing changed, and
 * the drift threshold.
 */
import { TIERS, type TierRule } from '../health/tier';

export interface RescoreConfig {
  /** Firms per job. */
  batchSize: number;
  /** A job still active after this long is failed by the queue and retried (by any worker). */
  jobExpireSeconds: number;
  /** Attempts after the first before a batch is given up (the run is then FAILED). */
  retryLimit: number;
  /** How often the queue looks for expired jobs. */
  maintenanceIntervalSeconds: number;
  /** How often an idle worker polls for a job. */
  pollingIntervalSeconds: number;
  /** Days after which a firm is re-scored though nothing changed, by its tier's monitoring. */
  monitoringDays: Record<TierRule['monitoring'], number>;
  /** Slack on the monitoring interval, so that a daily job started a little earlier still finds yesterday's firms due. */
  monitoringSlackHours: number;
  /** Population stability index above which a drift alert is raised (0.25: a significant shift, by the usual reading). */
  driftThreshold: number;
  /** Fewest firms in the model's population before drift is measured (below it the shares are noise). */
  driftMinPopulation: number;
}

export const RESCORE_CONFIG: RescoreConfig = {
  batchSize: 500,
  jobExpireSeconds: 120,
  retryLimit: 5,
  maintenanceIntervalSeconds: 30,
  pollingIntervalSeconds: 0.5,
  monitoringDays: { DAILY: 1, WEEKLY: 7, MONTHLY: 30 },
  monitoringSlackHours: 1,
  driftThreshold: 0.25,
  driftMinPopulation: 200,
};

/** Each tier's monitoring interval in days (from the tier table). */
export function monitoringDaysByTier(config: RescoreConfig = RESCORE_CONFIG): Record<string, number> {
  return Object.fromEntries(TIERS.map((t) => [t.tier, config.monitoringDays[t.monitoring]]));
}
