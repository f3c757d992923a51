/** Every TypeORM entity, by schema: `core` (the platform's own) and one schema per source. */
import { Firm } from '../firm/firm.entity';
import { SourceSync } from '../provenance/source-sync.entity';
import { SOURCES } from '../../connectors/sources';
import { importEntities } from '../import/import-run.entity';
import { QualityFinding } from '../quality/finding.entity';
import { EntityLink } from '../resolution/link.entity';
import { ReviewEvent } from '../review/review-event.entity';
import { Warning } from '../warnings/warning.entity';
import { QualityRun } from '../quality/quality-run.entity';
import { ApprovalReconsideration } from '../approval/reconsideration.entity';
import { AuditLog } from '../audit/audit-log.entity';
import { ModelVersion } from '../model/model-version.entity';
import { FirmInputChange, HealthLatest, HealthSnapshot } from '../rescore/snapshot.entity';
import { ModelAlert, RescoreBatch, RescoreRun } from '../rescore/rescore-run.entity';

export const SCHEMAS: readonly string[] = ['core', ...SOURCES.map((s) => s.schema)];

export const entities = [
  Firm,
  SourceSync,
  ...SOURCES.flatMap((s) => s.entities),
  ...importEntities,
  QualityFinding,
  EntityLink,
  ReviewEvent,
  Warning,
  QualityRun,
  ApprovalReconsideration,
  AuditLog,
  ModelVersion,
  HealthSnapshot,
  HealthLatest,
  FirmInputChange,
  RescoreRun,
  RescoreBatch,
  ModelAlert,
];
