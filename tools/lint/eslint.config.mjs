// `npm run lint`: typescript-eslint's recommended rules (not type-aware, so it runs in seconds) and
// the layers of libs/ as import boundaries. Lives here because typescript-eslint needs TypeScript
// below 6.1 while the project builds with TypeScript 7: imported from this folder, the parser
// resolves tools/lint/node_modules/typescript (5.9).
import './typescript-5.mjs';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import boundaries from 'eslint-plugin-boundaries';
import tseslint from 'typescript-eslint';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Shared by every feature; they must not import a feature. */
const INFRASTRUCTURE = ['common', 'config', 'database', 'queue', 'outbox', 'audit', 'access', 'files'];
const LIBS = readdirSync(join(root, 'libs'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
const FEATURES = LIBS.filter((name) => !INFRASTRUCTURE.includes(name));
const lib = (name) => `lib-${name}`;

/** Edges removed by issue 10, kept out. */
const REMOVED = [
  ['reports', 'gates'],
  ['programmes', 'sub-projects'],
  ['access', 'auth'],
];
const edge = ([from, to]) => ({
  from: { element: { type: lib(from) } },
  disallow: { to: { element: { type: lib(to) } } },
  message: `libs/${from} must not import libs/${to} (issue 10: layers point one way)`,
});

export default tseslint.config(
  {
    basePath: root,
    ignores: ['**/node_modules/**', 'dist/**', 'var/**', 'coverage/**', 'apps/web/src/api/schema.d.ts', '**/*.d.ts', '**/*.d.mts'],
  },
  {
    basePath: root,
    files: ['apps/**/*.ts', 'apps/**/*.tsx', 'libs/**/*.ts', 'migrations/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    extends: [tseslint.configs.recommended],
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // The code base's own conventions: `any` at test and library seams, `!` where the database guarantees a value.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
    },
  },
  {
    basePath: root,
    files: ['apps/**/*.ts', 'apps/**/*.tsx', 'libs/**/*.ts'],
    plugins: { boundaries },
    settings: {
      'boundaries/include': ['apps/**', 'libs/**'],
      'import/resolver': { [join(root, 'tools', 'lint', 'ts-resolver.cjs')]: {} },
      'boundaries/elements': [
        { type: 'web', pattern: 'apps/web' },
        { type: 'app', pattern: 'apps/*' },
        ...LIBS.map((name) => ({ type: lib(name), pattern: `libs/${name}` })),
      ],
      'boundaries/files': [
        { category: 'glossary', pattern: 'libs/common/glossary.ts' },
        // Users and their roles are what every layer's access checks speak of: a shared kernel.
        { category: 'identity', pattern: 'libs/users/user.entity.ts' },
        // The one list of every feature's entities, for the data source: the composition root.
        { category: 'composition', pattern: 'libs/database/entities.ts' },
      ],
    },
    rules: {
      'boundaries/dependencies': ['error', {
        default: 'allow',
        policies: [
          {
            from: { element: { types: { anyOf: INFRASTRUCTURE.map(lib) } } },
            disallow: { to: { element: { types: { anyOf: FEATURES.map(lib) } } } },
            message: 'Infrastructure (libs/common, config, database, queue, outbox, audit, access, files) must not import a feature',
          },
          // Later policies win: the exceptions.
          { from: { element: { types: { anyOf: INFRASTRUCTURE.map(lib) } } }, allow: { to: { file: { categories: 'identity' } } } },
          { from: { file: { categories: 'composition' } }, allow: { to: { element: { types: { anyOf: FEATURES.map(lib) } } } } },
          ...REMOVED.map(edge),
          // The web app is built on its own: of the server's code it reads only the glossary (shared words).
          {
            from: { element: { type: 'web' } },
            disallow: { to: { element: { types: { anyOf: LIBS.map(lib) } } } },
            message: 'apps/web must not import server code (libs/), except libs/common/glossary.ts',
          },
          { from: { element: { type: 'web' } }, allow: { to: { file: { categories: 'glossary' } } } },
        ],
      }],
    },
  },
);
