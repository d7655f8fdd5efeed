import { z } from 'zod';

/**
 * The platform-free card model. Templates in cards/*.json are written in this shape with
 * {{var}} placeholders (plus `when` / `each`, see render.ts); each platform adapter turns a
 * rendered card into its own format (Feishu card JSON 2.0, WeCom template_card, playground HTML).
 */
export const buttonSchema = z.object({
  text: z.string(),
  /** Action id handled by the core, e.g. "lead.undo", "ruling.decide". */
  action: z.string(),
  value: z.record(z.string(), z.unknown()).default({}),
  style: z.enum(['primary', 'default', 'danger']).default('default'),
  /** Ask before acting (undo, transfer). */
  confirm: z.string().optional(),
});

export const optionSchema = z.object({ text: z.string(), value: z.string() });

export const inputSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), name: z.string(), label: z.string(), value: z.string().optional(), placeholder: z.string().optional(), required: z.boolean().default(false), multiline: z.boolean().default(false) }),
  z.object({ type: z.literal('select'), name: z.string(), label: z.string(), value: z.string().optional(), options: z.array(optionSchema), required: z.boolean().default(false) }),
  z.object({ type: z.literal('date'), name: z.string(), label: z.string(), value: z.string().optional(), required: z.boolean().default(false) }),
]);

export const elementSchema = z.discriminatedUnion('type', [
  /** Markdown-lite text: **bold** and line breaks only, so every platform can show it. */
  z.object({ type: z.literal('text'), text: z.string() }),
  /** Label/value pairs, shown two per row where the platform can. */
  z.object({ type: z.literal('fields'), fields: z.array(z.object({ label: z.string(), value: z.string() })) }),
  z.object({ type: z.literal('divider') }),
  z.object({ type: z.literal('note'), text: z.string() }),
  z.object({ type: z.literal('actions'), buttons: z.array(buttonSchema) }),
  z.object({
    type: z.literal('form'),
    name: z.string(),
    inputs: z.array(inputSchema),
    submit: buttonSchema,
  }),
  /** A link the reader opens in a browser (the 看板's sign-in link): a URL button, not a callback. */
  z.object({ type: z.literal('link'), text: z.string(), url: z.string().url() }),
  /** A table (digests, rankings); WeCom shows it as aligned text. */
  z.object({ type: z.literal('table'), columns: z.array(z.string()), rows: z.array(z.array(z.string())) }),
  /** A chart (shares, trends); platforms without charts show the data as a table. */
  z.object({
    type: z.literal('chart'),
    kind: z.enum(['pie', 'bar', 'line']),
    title: z.string(),
    data: z.array(z.object({ label: z.string(), value: z.number() })),
  }),
]);

export const cardSchema = z.object({
  header: z.object({
    title: z.string(),
    subtitle: z.string().optional(),
    color: z.enum(['blue', 'green', 'orange', 'red', 'grey', 'purple']).default('blue'),
  }),
  elements: z.array(elementSchema),
});

export type Card = z.infer<typeof cardSchema>;
export type CardElement = z.infer<typeof elementSchema>;
export type CardButton = z.infer<typeof buttonSchema>;
export type CardInput = z.infer<typeof inputSchema>;
