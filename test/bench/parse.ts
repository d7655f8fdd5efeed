/**
 * Parser throughput over the public corpus, repeated to ~100k messages.
 * Run: npx tsx test/bench/parse.ts   (prints a Markdown table)
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseMessage } from '../../src/parse/index.js';

const TARGET = 100_000;
const corpus = new URL('../parse/corpus.public.jsonl', import.meta.url);
const texts = readFileSync(corpus, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => (JSON.parse(l) as { text: string }).text);
const now = new Date('2026-11-24T10:00:00+08:00');
const rounds = Math.ceil(TARGET / texts.length);

// Warm-up: let the JIT see every path before timing.
for (let r = 0; r < 50; r++) for (const t of texts) parseMessage(t, { now });

let sink = 0;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
for (let r = 0; r < rounds; r++) for (const t of texts) sink += parseMessage(t, { now }).command.length;
const wallMs = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const n = rounds * texts.length;

const rows: Array<[string, string]> = [
  ['messages', n.toLocaleString('en')],
  ['messages / second (wall)', Math.round(n / (wallMs / 1000)).toLocaleString('en')],
  ['mean µs / message (wall)', (wallMs * 1000 / n).toFixed(1)],
  ['mean µs / message (CPU)', ((cpu.user + cpu.system) / n).toFixed(1)],
  ['node', process.version],
  ['CPU', os.cpus()[0]?.model ?? 'unknown'],
  ['load average (1 min)', os.loadavg()[0]?.toFixed(2) ?? '?'],
];
console.log('| parse benchmark | |\n|---|---|');
for (const [k, v] of rows) console.log(`| ${k} | ${v} |`);
if (sink === 0) console.log('(no output)');
