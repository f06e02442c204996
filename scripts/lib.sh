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
    # The install must leave the committed lock as it is: a lock an install rewrites leaves a new
    # clone dirty and makes every install resolve again.
    local lock_before
    lock_before=$(mktemp)
    cp package-lock.json "$lock_before"
    if [ "${CI:-}" = true ]; then
      npm ci --no-audit --no-fund --loglevel=error
    else
      npm install --no-audit --no-fund --loglevel=error
    fi
    if ! cmp -s "$lock_before" package-lock.json; then
      echo >&2
      echo "npm changed package-lock.json; packages it added (>) or removed (<), first 20 (git diff package-lock.json shows all):" >&2
      diff <(node -e 'for (const k of Object.keys(require(process.argv[1]).packages)) console.log(k)' "$lock_before") \
           <(node -e 'for (const k of Object.keys(require(process.argv[1]).packages)) console.log(k)' "$PWD/package-lock.json") | head -20 >&2 || true
      cat >&2 <<MSG
The committed lock file no longer matches package.json or this npm. If you changed the
dependencies, commit the new package-lock.json with that change; otherwise restore it
(git checkout package-lock.json) and install with the npm the lock was written by (npm --version).
MSG
      rm -f "$lock_before"
      exit 1
    fi
    rm -f "$lock_before"
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
  - Elsewhere: set MIGRATION_DATABASE_URL (the owner, e.g. postgres://owner:pass@host:5432/guankao), DATABASE_URL
    (the application's role, e.g. postgres://guankao_app:pass@host:5432/guankao; migrate creates it) and REDIS_URL (e.g. redis://host:6379).
Then run the command again.
MSG
  exit 1
}

# PDF reports need a Traditional Chinese font (Noto Sans CJK TC); their tests read PDFs back with
# poppler's pdftotext. Installs both from Debian when run as root; otherwise says what to install.
ensure_report_tools() {
  local font=${REPORT_FONT_PATH:-/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc}
  if [ -f "$font" ] && command -v pdftotext >/dev/null 2>&1; then return 0; fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "==> Installing the report font and PDF tools (fonts-noto-cjk, poppler-utils)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends fonts-noto-cjk poppler-utils >/dev/null
    return 0
  fi
  cat >&2 <<MSG
PDF reports need a Traditional Chinese font and the tests need pdftotext:
  Debian/Ubuntu:  sudo apt-get install fonts-noto-cjk poppler-utils
  Elsewhere:      set REPORT_FONT_PATH to a font covering Traditional Chinese and install poppler.
MSG
  exit 1
}

# The import tests read a workbook written by LibreOffice (converted in their set-up with soffice --headless).
# Installs LibreOffice Calc from Debian when run as root; otherwise says what to install.
ensure_office() {
  if command -v soffice >/dev/null 2>&1; then return 0; fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "==> Installing LibreOffice Calc for the spreadsheet import tests (libreoffice-calc-nogui)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui >/dev/null
    return 0
  fi
  cat >&2 <<MSG
The spreadsheet import tests need LibreOffice (soffice) to write their ODS/XLSX fixtures:
  Debian/Ubuntu:  sudo apt-get install libreoffice-calc-nogui
MSG
  exit 1
}

# The browser tests drive Debian's Chromium (Playwright cannot download browsers here). Installs it from
# Debian when run as root; otherwise says what to install and how to point the tests at another Chromium.
ensure_browser() {
  local chromium=${CHROMIUM_PATH:-/usr/lib/chromium/chromium}
  if [ -x "$chromium" ]; then return 0; fi
  if [ -z "${CHROMIUM_PATH:-}" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "==> Installing Chromium for the browser tests (chromium)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
    return 0
  fi
  cat >&2 <<MSG
The browser tests need Chromium (not found at $chromium):
  Debian/Ubuntu:  sudo apt-get install chromium        (installs /usr/lib/chromium/chromium)
  Elsewhere:      set CHROMIUM_PATH to a Chromium or Chrome binary, e.g. CHROMIUM_PATH=/usr/bin/google-chrome
  Or run only the Jest tests:  GUANKAO_BROWSER=0 npm test
MSG
  exit 1
}
