export * from './types.js';
export * from './resolveMember.js';
export * from './admin.js';
export * from './queries.js';
