import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ParsedMessage } from '../../src/parse/index.js';
import { parse, pick } from './helpers.js';

const CORPUS = new URL('./corpus.public.jsonl', import.meta.url);
const lines = readFileSync(CORPUS, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as { text: string; expect: Record<string, unknown> });

function runCli(args: string[], input: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', 'src/cli.ts', ...args], { cwd: new URL('../..', import.meta.url) });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe('every public corpus message, judged on the fields it names', () => {
  it('has messages to judge', () => {
    expect(lines.length).toBeGreaterThan(20);
  });
  it.each(lines.map((l) => [l.text, l.expect] as const))('%s', (text, expected) => {
    expect(pick(parse(text), expected)).toEqual(expected);
  });
});

describe('the CLI reads stdin lines and writes one JSON object per line, in order', () => {
  it('passes the whole public corpus through `cli parse --now`', async () => {
    const input = lines.map((l) => l.text).join('\n') + '\n';
    const { code, stdout } = await runCli(['parse', '--now', '2026-11-24T10:00:00+08:00'], input);
    expect(code).toBe(0);
    const out = stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(out).toHaveLength(lines.length);
    lines.forEach((line, i) => {
      const got = pick((out[i] ?? {}) as unknown as ParsedMessage, line.expect);
      for (const [field, value] of Object.entries(line.expect)) expect([line.text, field, got[field]]).toEqual([line.text, field, value]);
    });
  }, 60_000);

  it('answers a blank line with an unknown command and keeps every field present', async () => {
    const { code, stdout } = await runCli(['parse', '--now', '2026-11-24T10:00:00+08:00'], '帮助\n\n公海\n');
    expect(code).toBe(0);
    const out = stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(out.map((o) => o.command)).toEqual(['help', 'unknown', 'pool']);
    expect(Object.keys(out[1] ?? {})).toEqual([
      'command', 'name', 'gender', 'phone', 'address', 'product', 'budget', 'source', 'level', 'method', 'milestone',
      'nextFollowUpAt', 'lostReason', 'others', 'visitKind', 'groupSize', 'inAt', 'outAt', 'contactLeft', 'ordered', 'extra',
    ]);
  }, 60_000);

  it('refuses an unknown subcommand with the usage on stderr and exit code 2', async () => {
    const { code, stdout, stderr } = await runCli(['frobnicate'], '');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('usage:');
    expect(stderr).toContain('parse');
  }, 60_000);

  it('refuses a --now that is not an ISO date-time', async () => {
    const { code, stderr } = await runCli(['parse', '--now', 'yesterday'], '');
    expect(code).toBe(2);
    expect(stderr).toContain('--now');
  }, 60_000);

  it('reads dates in the zone given by --tz', async () => {
    const { stdout } = await runCli(['parse', '--now', '2026-11-24T20:00:00Z', '--tz', 'America/New_York'], '跟进 张伟 明天再联系\n');
    expect((JSON.parse(stdout) as { nextFollowUpAt: string }).nextFollowUpAt).toBe('2026-11-25');
  }, 60_000);
});
