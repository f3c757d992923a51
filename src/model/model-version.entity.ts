/**
 * A fitted default model (core.model_version): its version, when and from what it was trained,
 * its metrics, the whole model document (bins, WoE, coefficients, tiers, report: src/model/model.ts)
 * and whether it is the one serving. At most one version is active (a partial unique index);
 * activation is explicit (`npm run model -- activate VERSION`), never a side effect of training,
 * and records who activated it and when.
 */
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

@Entity({ schema: 'core', name: 'model_version' })
@Index('model_version_active', ['active'], { unique: true, where: '"active"' })
export class ModelVersion {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  version: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  /** Where the observations came from, e.g. "database (10000 firms), dates 2023-12..2025-11". */
  @Column({ type: 'text' })
  source: string;

  /** Headline metrics: development and validation AUC, KS, Gini; PSI. */
  @Column({ type: 'jsonb' })
  metrics: Record<string, unknown>;

  /** The model document (src/model/model.ts ModelDocument). */
  @Column({ type: 'jsonb' })
  model: Record<string, unknown>;

  @Column({ type: 'boolean', default: false })
  active: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  activatedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  activatedBy: string | null;
}
