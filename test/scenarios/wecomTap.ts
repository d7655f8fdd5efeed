import type { RunningServer } from '../../src/http/server.js';
import { startFakeServer } from '../fakes/http.js';

/**
 * A pass-through in front of the fake WeCom API that also keeps WeCom's answers. The fake
 * records what it was asked; the answers add what only they carry: the response_code a sent
 * card can later be updated with.
 */
export interface TappedCall {
  path: string;
  body: Record<string, unknown>;
  answer: Record<string, unknown>;
}

export interface WecomTap {
  url: string;
  calls: TappedCall[];
  close(): Promise<void>;
}

export async function startWecomTap(upstream: string): Promise<WecomTap> {
  const calls: TappedCall[] = [];
  const server: RunningServer = await startFakeServer(async (req) => {
    const url = new URL(req.url);
    const sent = req.method === 'POST' ? await req.text() : undefined;
    const res = await fetch(`${upstream}${url.pathname}${url.search}`, {
      method: req.method,
      ...(sent !== undefined ? { body: sent, headers: { 'content-type': 'application/json' } } : {}),
    });
    const text = await res.text();
    const body = sent ? parseObject(sent) : {};
    calls.push({ path: url.pathname, body, answer: parseObject(text) });
    return new Response(text, { status: res.status, headers: { 'content-type': 'application/json' } });
  });
  return { url: server.url, calls, close: () => server.close() };
}

function parseObject(text: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? Object.fromEntries(Object.entries(v)) : {};
  } catch {
    return {};
  }
}
