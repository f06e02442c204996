# Shared by scripts/up.sh and scripts/test.sh.

# Installs dependencies when node_modules is missing or older than the lock file.
ensure_dependencies() {
  local major
  major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  if [ "$major" -lt 20 ]; then
    echo "Guankao needs Node.js 20 or newer (found: $(node --version 2>/dev/null || echo none))." >&2
    exit 1
  fi
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "==> Installing dependencies"
    # `npm install` with the committed lock, not `npm ci`: the registry this project is built against
    # lacks some other platforms' optional binaries (@swc/core-darwin-*), which `npm ci` rejects.
    npm install --no-audit --no-fund --loglevel=error
  fi
}

# Makes sure PostgreSQL and Redis answer. Starts them with docker compose where Docker works;
# otherwise says exactly what to do.
ensure_services() {
  if node scripts/check-services.mjs --quiet; then return 0; fi
  if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
    echo "==> PostgreSQL or Redis is not reachable: starting them with docker compose up -d"
    docker compose up -d postgres redis
    for _ in $(seq 1 60); do
      if node scripts/check-services.mjs --quiet; then return 0; fi
      sleep 1
    done
  fi
  node scripts/check-services.mjs || true
  cat >&2 <<MSG

Guankao needs PostgreSQL (15+) and Redis (7+).
  - With Docker:            docker compose up -d postgres redis
  - Installed locally (Debian, as root):
      pg_ctlcluster --skip-systemctl-redirect \$(ls /etc/postgresql) main start
      redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
  - Elsewhere: set DATABASE_URL (e.g. postgres://user:pass@host:5432/guankao) and REDIS_URL (e.g. redis://host:6379).
Then run the command again.
MSG
  exit 1
}
