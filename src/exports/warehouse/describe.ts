import type { FeedResult } from './feed.js';

/** A feed run in words, for the CLI and the job's log. */
export function describeFeed(r: FeedResult): { out: string[]; err: string[] } {
  if (!r.ok) {
    switch (r.reason) {
      case 'busy':
        return { out: [], err: [`another export is writing to ${r.dir}; try again when it is done`] };
      case 'unreadable_manifest':
        return { out: [], err: [`${r.folder}/manifest.json cannot be read (${r.detail}); the feed's state is in the manifests, so nothing was written`] };
      case 'no_such_batch':
        return { out: [], err: [`there is no batch ${r.batch}: the next one is ${r.next}`] };
      case 'unknown_range':
        return { out: [], err: [`batch ${r.batch} has no manifest, nor both neighbours to tell its range; it cannot be cut again`] };
      case 'ahead_of_database':
        return {
          out: [],
          err: [`the feed's watermark (transaction ${r.watermark}) is ahead of this database (${r.horizon}): is DATABASE_URL the database this feed came from?`],
        };
    }
  }
  const m = r.manifest;
  const counts = m.files.map((f) => `${f.table} ${f.rows}`).join(', ');
  const out = [`batch ${m.batch} → ${r.folder}: ${m.rows} ${m.rows === 1 ? "row" : "rows"} (${counts}), watermark [${m.watermark.from}, ${m.watermark.to})`];
  if (r.rerun === 'identical') out.push('cut again: identical to the batch as first written');
  if (r.rerun === 'changed') out.push('cut again: differs from the first cut (an erasure has scrubbed rows since); files replaced');
  if (r.rerun === 'restored') out.push('cut again: the batch had no manifest; written over the range between its neighbours');
  if (r.heldBy) {
    const since = r.heldBy.since ? `, open since ${r.heldBy.since.toISOString()}` : '';
    out.push(
      `the watermark waits for an open transaction (pid ${r.heldBy.pid}, database ${r.heldBy.database ?? '?'}${since}): what it and later transactions write comes in the next batch`,
    );
  }
  return { out, err: [] };
}
