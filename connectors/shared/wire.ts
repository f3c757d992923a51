/**
 * Value formats on the wire (docs/upstream-protocol.md), shared by every source's payload
 * schema: the same formats the GraphQL scalars use.
 */
import { z } from 'zod';
import { isValidUscc } from '../../src/lib/uscc';

export const money = z.string().regex(/^-?\d{1,16}(\.\d{1,2})?$/, 'expected a decimal string such as "1234.56"');
export const decimal = z.string().regex(/^-?\d+(\.\d+)?$/, 'expected a decimal string');
export const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date "YYYY-MM-DD"');
export const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month "YYYY-MM"');
export const uscc = z.string().refine(isValidUscc, 'expected a USCC with a correct check character');
export const id = z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).transform(String);
export const timestamp = z.union([z.string(), z.date()]).transform((v) => new Date(v));
