# syntax=docker/dockerfile:1
# The Slack bot in HTTP mode (set SLACK_APP_TOKEN for Socket Mode). dist/ is built inside the image, never
# copied from the host, so the image is the same whoever builds it. Node 24 is the LTS line supported longest
# (to April 2028); the AWS SDK's support notice stays on and reaches the JSON logs as one line if it ever fires.

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/build-probe.mjs scripts/bin-executable.mjs ./scripts/
COPY src ./src
RUN npm run build

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000
WORKDIR /app
COPY package.json package-lock.json ./
# Production dependencies only: no esbuild (the probe bundle is prebuilt in dist/probe), no test tools. The
# optional ones (Bolt, the DynamoDB client) are the bot's and are installed.
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY manifest.yml ./
COPY iam ./iam
USER node
# 3001: the MCP endpoint, served only when APIGW_DIAGNOSE_MCP_TOKEN is set.
EXPOSE 3000 3001
# The slim image has no curl or wget: node's own fetch asks the health route.
HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# node, not npm: signals (SIGTERM) reach the process directly and it drains running diagnoses. The node flags
# are those of `npm start` (package.json): --optimize-for-size keeps the peak memory of loading the AWS SDK low.
CMD ["node", "--optimize-for-size", "dist/main.js"]
