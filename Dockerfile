# Ferry's container image: `docker build -t ferry .`, then `docker run -p 8080:8080 -v ferry-data:/data ferry`.
# The build stage compiles TypeScript and the web page and keeps only the production dependencies; the image
# itself holds Node.js, those dependencies and dist/, and runs `ferry serve` as the unprivileged user "node".

# Node 24, the current LTS: its own node:sqlite holds the embedded database, so nothing is compiled (better-sqlite3,
# the driver of older Nodes, is an optional dependency the image leaves out).
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev --omit=optional --no-audit --no-fund

FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    FERRY_DATA_DIR=/data \
    FERRY_LISTEN_ADDRESS=0.0.0.0 \
    FERRY_LISTEN_PORT=8080
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# /data holds the SQLite file and the files folder when no database server or bucket is configured.
RUN mkdir /data && chown node:node /data
VOLUME /data
USER node
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8080/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "--max-semi-space-size=2", "--initial-old-space-size=32", "--no-incremental-marking", "--expose-gc", "dist/cli/main.js"]
CMD ["serve"]
