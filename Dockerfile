# syntax=docker/dockerfile:1
# Gatehouse: deps → build → runtime. Next's standalone output is not used: it bundles its own
# server.js, while Gatehouse serves Next from its own server (server/main.ts, compiled to dist/)
# and needs packages Next's tracing would not see (PGlite, ioredis, postgres). The runtime stage
# holds the production node_modules, the Next build and the compiled server.

FROM node:20-slim AS deps
WORKDIR /app
# patches/: fixes to dependencies that upstream has not released, applied by `postinstall`.
COPY package.json package-lock.json ./
COPY patches ./patches
RUN npm ci --no-audit --no-fund

FROM deps AS build
ENV NEXT_TELEMETRY_DISABLED=1
COPY . .
# next.config.ts compiled to .mjs so the runtime needs no TypeScript to read it.
RUN npm run build \
 && npx esbuild next.config.ts --format=esm --platform=node --outfile=next.config.mjs \
 && rm -rf .next/cache

FROM node:20-slim AS production-deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY patches ./patches
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM node:20-slim AS runtime
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    HOST=0.0.0.0 \
    PORT=3000 \
    GATEHOUSE_DATA_DIR=/data
WORKDIR /app
COPY --from=production-deps /app/node_modules ./node_modules
COPY --from=build /app/package.json /app/next.config.mjs ./
COPY --from=build /app/.next ./.next
COPY --from=build /app/dist ./dist
COPY --from=build /app/drizzle ./drizzle
COPY --from=build /app/db/pglite-worker.mjs /app/db/pglite-settings.mjs /app/db/pglite-init.mjs ./db/
COPY --from=build /app/scripts/run-compiled.mjs ./scripts/run-compiled.mjs
# The data folder (PGlite, the crash spool): owned by the unprivileged user the server runs as.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 3000
# node, not curl: the slim image has no curl. /readyz is 503 while draining or when the database is unreachable.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# node directly (not npm) as PID 1: SIGTERM reaches the server, which drains (GATEHOUSE_DRAIN_TIMEOUT_MS).
CMD ["node", "--max-semi-space-size=8", "--heap-growing-percent=50", "scripts/run-compiled.mjs", "server"]
