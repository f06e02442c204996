#!/usr/bin/env bash
# Generates migrations/<timestamp>-<Name>.ts from the difference between the entities and a
# scratch database migrated to the current head. Usage: npm run migration:generate -- VerbNoun
set -euo pipefail
name=${1:?usage: npm run migration:generate -- VerbNoun}
cd "$(dirname "$0")/.."
scratch=guankao_migration_scratch
base=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/guankao}
url="${base%/*}/$scratch"
psql "${base%/*}/postgres" -qc "DROP DATABASE IF EXISTS $scratch" -c "CREATE DATABASE $scratch"
npx tsc -p tsconfig.json
DATABASE_URL=$url node dist/apps/cli/migrate.js
DATABASE_URL=$url npx typeorm migration:generate -p -d dist/libs/database/data-source.js "migrations/$name"
psql "${base%/*}/postgres" -qc "DROP DATABASE $scratch"
# Register the new migration in migrations/index.ts (the explicit list the app runs).
file=$(ls -t migrations/*-"$name".ts | head -n1)
class=$(grep -o 'class [A-Za-z0-9]*' "$file" | awk '{print $2}')
base_name=$(basename "$file" .ts)
last_import=$(grep -n '^import ' migrations/index.ts | tail -n1 | cut -d: -f1)
sed -i "${last_import}a import { $class } from './$base_name.js';" migrations/index.ts
sed -i "s/^\];$/  $class,\n];/" migrations/index.ts
echo "Registered $class in migrations/index.ts"
