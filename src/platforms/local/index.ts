export { LocalClient, chatOf } from './client.js';
export type { ChatEntry, PlaygroundStore } from './chat.js';
export { playgroundRoutes, type PlaygroundDeps } from './routes.js';
export { DEMO_MEMBERS, DEMO_TEAM, DEMO_MANAGER, LOCAL_TENANT, BOT_NAME, dmChatId, demoMember } from './demo.js';
