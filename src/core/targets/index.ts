export * from './month.js';
export * from './types.js';
export * from './setTarget.js';
export * from './progress.js';
export * from './repProgress.js';
