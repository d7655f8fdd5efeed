# syntax=docker/dockerfile:1
# The same steps as the README: `npm ci` (which generates the Prisma client), then at start
# `npm run db:migrate` and the bot (what `npm start` runs). PostgreSQL and Redis come from outside (docker-compose.yml).

# npm 11: the version that wrote package-lock.json, and the one that honours package.json
# "allowScripts" (only the install scripts listed there run; Prisma's engine download does not).
FROM node:20-bookworm-slim AS base
RUN npm install -g npm@11 --no-audit --no-fund
WORKDIR /app

# ---- build: every dependency and the generated Prisma client --------------------------------
FROM base AS build
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
# Its postinstall runs `npm run db:generate` (the schema and config are already here).
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
# Explicit, so the client always matches the schema copied above.
RUN npm run db:generate

# ---- production dependencies only --------------------------------------------------------
FROM base AS prod-deps
COPY package.json package-lock.json ./
# No scripts: postinstall would generate with the Prisma CLI, a dev dependency; the client
# generated in the build stage is copied instead.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

# ---- runtime ------------------------------------------------------------------------------
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000
WORKDIR /app
COPY --chown=node:node package.json package-lock.json tsconfig.json ./
COPY --chown=node:node prisma ./prisma
COPY --chown=node:node cards ./cards
COPY --from=prod-deps --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/src ./src
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# `npm start` is `tsx src/main.ts`; here the bot is exec'd directly because npm does not pass
# `docker stop`'s SIGTERM on to its child (its shell dies, the bot would be killed 30 s later
# instead of shutting down in order).
CMD ["sh", "-c", "npm run db:migrate && exec node --import tsx src/main.ts"]
