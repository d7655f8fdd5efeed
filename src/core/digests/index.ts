export * from './period.js';
export * from './repDigest.js';
export * from './managerDigest.js';
export * from './build.js';
