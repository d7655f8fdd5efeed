import { stringify } from 'csv-stringify';
import { format } from 'date-fns';
import { TZDate } from '@date-fns/tz';
import type { ListedLead } from '../../core/dashboard/lists.js';
import type { DashboardTexts } from '../../cards/pageTexts.js';

/**
 * A lead list as CSV that Excel opens as it is: UTF-8 with a byte-order mark (without it Excel
 * reads Chinese as mojibake), CRLF lines, and a leading apostrophe on cells that would
 * otherwise start a formula (=, +, -, @), so a customer's name cannot run in someone's sheet.
 */
const BOM = '\uFEFF';

export function csvStream(rows: AsyncIterable<ListedLead[]>, texts: DashboardTexts, timeZone: string): ReadableStream<Uint8Array> {
  const csv = stringify({ record_delimiter: 'windows', escape_formulas: true });
  const label = (map: Record<string, string>, key: string, unknown: string) => (key === '' ? unknown : (map[key] ?? key));
  const u = texts.unknown;
  (async () => {
    try {
      csv.write(texts.list.columns);
      for await (const page of rows) {
        for (const r of page) {
          const region = [r.city, r.district].filter(Boolean).join(' ');
          const ok = csv.write([
            r.name,
            r.phone,
            r.owner || (u.rep ?? ''),
            r.team,
            r.store,
            label(texts.channels, r.channel, u.channel ?? ''),
            r.level,
            label(texts.statuses, r.status, ''),
            r.product,
            region,
            format(new TZDate(r.registeredAt.getTime(), timeZone), 'yyyy-MM-dd HH:mm'),
          ]);
          if (!ok) await new Promise((resolve) => csv.once('drain', resolve));
        }
      }
      csv.end();
    } catch (err) {
      csv.destroy(err instanceof Error ? err : new Error(String(err)));
    }
  })();
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(BOM));
      csv.on('data', (chunk: Buffer | string) => controller.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : new Uint8Array(chunk)));
      csv.on('end', () => controller.close());
      csv.on('error', (err) => controller.error(err));
    },
  });
}
