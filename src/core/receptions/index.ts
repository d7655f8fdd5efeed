export * from './types.js';
export * from './times.js';
export * from './logReception.js';
export * from './traffic.js';
