import { log } from '../../log.js';
import { INBOUND_JOB, type InboundQueue } from './queue.js';

/**
 * Adds the job for a stored event, giving up after `timeoutMs`: the webhook must answer
 * within Feishu's 3 s whatever Redis is doing. A late add still lands (same job id, no-op).
 */
export async function enqueueInbound(queue: InboundQueue, inboundId: string, timeoutMs: number): Promise<boolean> {
  const add = queue.add(INBOUND_JOB, { inboundId }, { jobId: inboundId });
  add.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`enqueue timed out after ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([add, deadline]);
    return true;
  } catch (err) {
    log.warn({ inboundId, err: err instanceof Error ? err.message : String(err) }, 'inbound event stored but not enqueued');
    return false;
  } finally {
    clearTimeout(timer);
  }
}
