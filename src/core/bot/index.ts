export * from './types.js';
export { createBot, type BotDeps } from './createBot.js';
export { actionSchema, type ActionId, type BotAction } from './actions.js';
