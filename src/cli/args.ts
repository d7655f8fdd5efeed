import { z } from 'zod';

/** Something named on the command line: an id, a platform user id, a tenant key or a name. */
export const ref = (what: string) => z.string().trim().min(1, `${what} must not be empty`);

export const onOff = (what: string) =>
  z.enum(['on', 'off'], { error: `${what} takes on or off` }).transform((v) => v === 'on');

export const orgOption = { org: { type: 'string' } } as const;
export const asOption = { as: { type: 'string' } } as const;

export const scopeOptions = {
  org: ref('--org').optional(),
  as: ref('--as').optional(),
};
