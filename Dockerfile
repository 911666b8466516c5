# Meshlens in one image: the server (`meshlens start`: control plane, sidecars and apps of the local
# platform, embedded trace store) on Node 20. Used by docker-compose.yml beside the official
# Prometheus and Jaeger images; `docker build .` works on its own too.
FROM node:20-bookworm-slim

# better-sqlite3 compiles from source when no prebuilt binary matches.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ ca-certificates \
  && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies first, from the lock file only, so source edits reuse this layer.
COPY package.json package-lock.json ./
COPY packages/mesh-core/package.json packages/mesh-core/
COPY apps/server/package.json apps/server/
COPY apps/web/package.json apps/web/
COPY e2e/package.json e2e/
RUN PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund

COPY . .
# The sidecar bundle every proxy runs from, built once here instead of at first start.
RUN node apps/server/bin/build-sidecar.js --force

ENV NODE_ENV=production \
  MESHLENS_HOST=0.0.0.0 \
  MESHLENS_DATA_DIR=/data
VOLUME ["/data"]
# Control plane (config API, proxy-status, Prometheus HTTP SD), config push to proxies, Bookinfo
# gateway, embedded OTLP/HTTP receiver and Jaeger query API.
EXPOSE 15010 15012 8080 4318 16686
CMD ["node", "apps/server/bin/meshlens.js", "start"]
