import { z } from 'zod';

/** Something named on the command line: an id, a platform user id, a tenant key or a name. */
export const ref = (what: string) => z.string({ error: `${what} is missing` }).trim().min(1, `${what} must not be empty`);

/** For z.tuple: names what is missing, or says there is too much, instead of counting items. */
export function words(names: string[]) {
  return {
    error: (iss: { code?: string; input?: unknown }) => {
      if (iss.code === 'too_big') return 'too many arguments';
      if (iss.code === 'too_small' && Array.isArray(iss.input)) return `missing ${names.slice(iss.input.length).join(' ')}`;
      return undefined;
    },
  };
}

/** Nothing more on the command line. */
export const nothingMore = z.tuple([], words([]));

export const onOff = (what: string) =>
  z.enum(['on', 'off'], { error: `${what} takes on or off` }).transform((v) => v === 'on');

export const orgOption = { org: { type: 'string' } } as const;
export const asOption = { as: { type: 'string' } } as const;

export const scopeOptions = {
  org: ref('--org').optional(),
  as: ref('--as').optional(),
};
