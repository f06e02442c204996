/**
 * Writes the API's OpenAPI document (to the file given, else stdout) without PostgreSQL or Redis:
 * the modules are only scanned. Used by `npm run api:types` (scripts/generate-api-types.mjs).
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { buildOpenApiOffline, openApiJson } from '../api/src/openapi.js';
import { runCli } from './run.js';

await runCli(async () => {
  const json = openApiJson(await buildOpenApiOffline());
  const file = process.argv[2];
  if (file) writeFileSync(file, json);
  else process.stdout.write(json);
});
