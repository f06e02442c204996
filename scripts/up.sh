#!/usr/bin/env bash
# `npm run up`: installs, checks PostgreSQL and Redis, builds, migrates, seeds the real plans,
# starts the API (which serves the web app) and the worker, and prints the URL and demo logins. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_dependencies
ensure_services
echo "==> Building"
rm -rf dist && npm run build --silent
echo "==> Migrating"
node dist/apps/cli/migrate.js
echo "==> Loading the AI Action Plans and the demo users"
# --demo: a trial installation; a real one seeds without it (no users with a published password).
node dist/apps/cli/seed.js --demo

pids=()
stop() {
  trap - INT TERM EXIT
  [ ${#pids[@]} -gt 0 ] && kill "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

# Email: without SMTP_URL the worker sends to 127.0.0.1:1025 (Mailpit in docker-compose.yml);
# if nothing listens there, a small catcher keeps the messages under var/mail/.
if [ -z "${SMTP_URL:-}" ] && ! (exec 3<>/dev/tcp/127.0.0.1/1025) 2>/dev/null; then
  echo "==> No SMTP server on 127.0.0.1:1025: starting the mail catcher (var/mail/)"
  node scripts/mail-catcher.mjs &
  pids+=($!)
fi

echo "==> Starting the API and the worker"
node dist/apps/api/src/main.js &
pids+=($!)
node dist/apps/worker/src/main.js &
pids+=($!)

url=${PUBLIC_URL:-http://${HOST:-127.0.0.1}:${PORT:-3000}}
for _ in $(seq 1 60); do
  if curl -fsS "$url/health" >/dev/null 2>&1; then break; fi
  if ! kill -0 "${pids[0]}" 2>/dev/null; then echo "The API did not start (see above)." >&2; exit 1; fi
  sleep 0.5
done

cat <<MSG

Guankao is up.
  Web app:  $url/               open it in a browser and sign in as a demo user below
  API:      $url/api            e.g. $url/api/programmes/aap2
  API docs: $url/api/docs       (OpenAPI JSON: $url/api/docs/json)
  Health:   $url/health         worker: http://${HOST:-127.0.0.1}:${WORKER_HEALTH_PORT:-3001}/health
  Queues:   $url/admin/queues   (admins; see README "Queued jobs")
  Demo users (password: ${DEMO_PASSWORD:-guankao-demo}; the web app's sign-in, or POST /api/auth/login):
    coordinator@demo.guankao.tw       coordinator (執行秘書室)
    moea.officer@demo.guankao.tw      ministry officer, 經濟部
    moea.supervisor@demo.guankao.tw   ministry supervisor, 經濟部
    moda.officer@demo.guankao.tw      ministry officer, 數位部
    moda.supervisor@demo.guankao.tw   ministry supervisor, 數位部
    reviewer@demo.guankao.tw          reviewer
    viewer@demo.guankao.tw            viewer
    admin@demo.guankao.tw             admin
Press Ctrl-C to stop.
MSG
wait -n "${pids[@]}"
