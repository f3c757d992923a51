/** A firm's reconsideration requests. */
import type DataLoader from 'dataloader';
import { registerLoaders } from '../graphql/context';
import type { Database } from '../db/database';
import { loader } from '../lib/loader';
import type { ApprovalReconsideration } from './reconsideration.entity';
import { reconsiderationsOf } from './reconsideration.service';

declare module '../graphql/context' {
  interface RequestLoaders {
    reconsiderations: DataLoader<string, ApprovalReconsideration[]>;
  }
}

export function createReconsiderationsLoader(db: Database): DataLoader<string, ApprovalReconsideration[]> {
  return loader((usccs) => reconsiderationsOf(db, usccs));
}

export const approvalLoaders = registerLoaders(({ reads }) => ({
  reconsiderations: createReconsiderationsLoader(reads),
}));
