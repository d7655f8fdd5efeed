import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `npm run bench`: runs every benchmark script in this folder in turn (or those named on the
 * command line, e.g. `npm run bench -- parse`) and prints their Markdown tables, headed by
 * the machine they ran on, ready to paste into the README.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const scripts = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts')
  .filter((f) => wanted.length === 0 || wanted.includes(path.basename(f, '.ts')))
  .sort();

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
console.log(`Machine: ${cpu}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`);

let failed = 0;
for (const script of scripts) {
  console.log(`### ${path.basename(script, '.ts')}\n`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(here, script)], { stdio: 'inherit' });
  if (run.status !== 0) {
    failed++;
    console.log(`(${script} failed with exit code ${run.status})`);
  }
  console.log('');
}
process.exit(failed === 0 ? 0 : 1);
