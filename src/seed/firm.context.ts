/** The context of the one firm being generated, handed to each per-source generator. */
import type { GeneratorContext } from './context';
import type { FirmIdentity } from './identity';
import type { ProblemCode } from './problems';
import type { ProblemEvidence } from './truth';
import type { FirmProfile } from './profile';
import type { ChunkRows } from './tables';

export interface FirmContext {
  readonly g: GeneratorContext;
  readonly i: number;
  readonly id: FirmIdentity;
  readonly p: FirmProfile;
  readonly out: ChunkRows;
  /** Records evidence of a planted problem for the truth file; returns the evidence as stored. */
  evidence(code: ProblemCode, data: Record<string, unknown>): ProblemEvidence;
}
