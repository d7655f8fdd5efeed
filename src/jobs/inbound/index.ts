export { recordInbound, type InboundInput, type RecordOutcome, type RecordOptions } from './record.js';
export { createInboundWorker, processInbound, type InboundWorkerDeps, type InboundWorkerOptions, type ProcessOutcome } from './worker.js';
export { startInboundRepair, type InboundRepair, type InboundRepairOptions } from './repair.js';
export {
  createInboundQueue,
  producerConnection,
  workerConnection,
  INBOUND_QUEUE,
  INBOUND_JOB,
  INBOUND_JOB_OPTIONS,
  type InboundQueue,
  type InboundJob,
} from './queue.js';
export { enqueueInbound } from './enqueue.js';
export { fromStored, toStored, storedMessageSchema } from './payload.js';
