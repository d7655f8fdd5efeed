/**
 * The export subcommand's usage, apart from its code: src/cli.ts lists it on every run, and the
 * code (the database client, the feed) loads only when `export` is run.
 */
export const EXPORT_USAGE = [
  'export warehouse --to <dir>              the next Parquet batch of changes since the newest batch in <dir> (docs/warehouse.md)',
  'export warehouse --to <dir> --batch <n>  cut batch <n> again over its recorded watermark (the same files)',
];
