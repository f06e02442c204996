import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConsoleLogger } from '@nestjs/common';
import { logLevels, type RuntimeConfig } from '../config/config.js';

/** Nest's own start-up lines (one per module, controller and route): shown at debug and verbose only. */
const STARTUP_CONTEXTS = new Set(['NestFactory', 'InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestApplication']);

/** Colour only for a person at a terminal: never into a pipe or a file, never with NO_COLOR (no-color.org) or TERM=dumb. */
export function useColours(stream: { isTTY?: boolean } = process.stdout, env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(stream.isTTY) && !env.NO_COLOR && env.TERM !== 'dumb';
}

class ProcessLogger extends ConsoleLogger {
  override log(message: unknown, ...rest: unknown[]): void {
    const context = rest.at(-1);
    if (typeof context === 'string' && STARTUP_CONTEXTS.has(context)) this.debug(message, ...rest);
    else super.log(message, ...rest);
  }
}

/** The logger of the API and worker processes, at LOG_LEVEL. */
export function createProcessLogger(level: RuntimeConfig['LOG_LEVEL']): ConsoleLogger {
  return new ProcessLogger({ logLevels: logLevels(level), colors: useColours() });
}

function packageVersion(start: string, name?: string): string {
  for (let dir = start; dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (!name || pkg.name === name) return pkg.version ?? '?';
  }
  return '?';
}

/** What a start-up summary names: this code's version and the runtime's. */
function versions(): { guankao: string; node: string; nest: string } {
  const here = dirname(fileURLToPath(import.meta.url));
  const nestEntry = createRequire(import.meta.url).resolve('@nestjs/core');
  return { guankao: packageVersion(here, 'guankao'), node: process.version, nest: packageVersion(dirname(nestEntry), '@nestjs/core') };
}

export function versionsText(): string {
  const v = versions();
  return `Guankao ${v.guankao}, Node.js ${v.node}, NestJS ${v.nest}`;
}
