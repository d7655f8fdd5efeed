export * from './cadence.js';
export * from './types.js';
export * from './start.js';
export * from './logCare.js';
export * from './due.js';
export * from './repCare.js';
