/** Every TypeORM entity, by schema: `core` (the platform's own) and one schema per source. */
import { Firm } from '../firm/firm.entity';
import { SourceSync } from '../provenance/source-sync.entity';
import { registryEntities } from '../../connectors/registry/registry.records';
import { taxEntities } from '../../connectors/tax/tax.records';
import { bankEntities } from '../../connectors/bank/bank.records';
import { supplyChainEntities } from '../../connectors/supply-chain/supply-chain.records';
import { judicialEntities } from '../../connectors/judicial/judicial.records';
import { altDataEntities } from '../../connectors/alt-data/alt-data.records';
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

export const SCHEMAS = ['core', 'registry', 'tax', 'bank', 'supply_chain', 'judicial', 'alt_data'] as const;

export const entities = [
  Firm,
  SourceSync,
  ...registryEntities,
  ...taxEntities,
  ...bankEntities,
  ...supplyChainEntities,
  ...judicialEntities,
  ...altDataEntities,
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
