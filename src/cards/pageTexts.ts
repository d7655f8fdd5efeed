import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { CARDS_DIR } from './render.js';

/**
 * The wording of a web page served by the bot (cards/pages/<name>.json): the page reads it as
 * data, the server uses the same labels for what it writes (CSV headers, error messages).
 */
const dashboardTextsSchema = z
  .object({
    errors: z.record(z.string(), z.string()),
    list: z.object({ columns: z.array(z.string()).length(11) }).passthrough(),
    channels: z.record(z.string(), z.string()),
    statuses: z.record(z.string(), z.string()),
    unknown: z.record(z.string(), z.string()),
  })
  .passthrough();
export type DashboardTexts = z.infer<typeof dashboardTextsSchema>;

let cached: { raw: string; texts: DashboardTexts } | undefined;

export function dashboardTexts(): { raw: string; texts: DashboardTexts } {
  if (cached) return cached;
  const raw = readFileSync(`${CARDS_DIR}pages/dashboard.json`, 'utf8');
  cached = { raw, texts: dashboardTextsSchema.parse(JSON.parse(raw)) };
  return cached;
}
