/** The firm loader every borrower field starts from. */
import type DataLoader from 'dataloader';
import { registerLoaders } from '../graphql/context';
import type { Firm } from './firm.entity';
import { createFirmLoader } from './firm.repository';

declare module '../graphql/context' {
  interface RequestLoaders {
    firm: DataLoader<string, Firm | null>;
  }
}

export const firmLoaders = registerLoaders(({ reads }) => ({ firm: createFirmLoader(reads) }));
