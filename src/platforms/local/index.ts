export { LocalClient, chatOf } from './client.js';
export { createPlaygroundStore, type ChatEntry, type PlaygroundStore } from './store.js';
export { playgroundRoutes, type PlaygroundDeps } from './routes.js';
export { ensureDemoOrg, DEMO_MEMBERS, DEMO_TEAM, DEMO_MANAGER, LOCAL_TENANT, BOT_NAME, dmChatId, demoMember } from './demo.js';
export { seedDemoLeads } from './seed.js';
