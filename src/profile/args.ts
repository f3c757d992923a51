/** List arguments shared by every sub-object, with their bounds checked in one place. */
import { Arg, Int } from 'type-graphql';
import { checkFirst } from '../graphql/pagination';
import { LIMITS } from './profile.types';

export const FirstArg = () =>
  Arg('first', () => Int, {
    defaultValue: LIMITS.first.default,
    description: `How many, newest first (0-${LIMITS.first.max}).`,
  });

export const MonthsArg = () =>
  Arg('months', () => Int, {
    defaultValue: LIMITS.months.default,
    description: `How many of the newest months (0-${LIMITS.months.max}).`,
  });

export const first = (n: number) => checkFirst(n, LIMITS.first.max, 'first');
export const months = (n: number) => checkFirst(n, LIMITS.months.max, 'months');
