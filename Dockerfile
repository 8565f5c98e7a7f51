# The production image: Next's standalone server, started with plain node as a non-root user.
# Migrations are a release step with their own target, run once per release, not per instance:
#   docker build -t hero-integrations .
#   docker build --target migrate -t hero-integrations-migrate .
#   docker run --rm -e DATABASE_URL=… hero-integrations-migrate
#   docker run -p 3000:3000 -e DATABASE_URL=… -e HERO_ENVIRONMENT=production -e NEXTAUTH_URL=https://… \
#     -e NEXTAUTH_SECRET=… -e API_KEY_ENCRYPTION_KEY=… -e ACCESS_TOKEN_SECRET=… -e TRUSTED_PROXY_HOPS=1 hero-integrations
#   (TRUSTED_PROXY_HOPS: the proxies in front that terminate TLS; at 0 every API call is refused as plain HTTP.)
FROM node:20-bookworm-slim AS deps
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
# The postinstall step generates the Prisma client from the schema.
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
RUN npm ci --no-audit --no-fund

FROM deps AS build
COPY . .
RUN npm run build

# `prisma migrate deploy` needs the CLI, a dev dependency: it stays out of the runtime image.
FROM deps AS migrate
CMD ["npm", "run", "db:migrate"]

FROM node:20-bookworm-slim AS runner
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 HOSTNAME=0.0.0.0 PORT=3000 HERO_ENVIRONMENT=production
COPY --from=build --chown=node:node /app/.next/standalone ./
USER node
EXPOSE 3000
CMD ["node", "server.js"]
