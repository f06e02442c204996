import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const api = process.env.GUANKAO_API_URL ?? 'http://127.0.0.1:3000';

// JSX is compiled by Vite's own transform (oxc), so no React plugin is needed for the build.
export default defineConfig({
  root,
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  plugins: [mantineCssPerComponent(fileURLToPath(new URL('./src/', import.meta.url))), earlyRequestsScript()],
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: true,
    // .vite/manifest.json: which files each page loads (bench/web.mjs reads it; the server never serves dotfiles).
    manifest: true,
    // The budget that matters is gzip per page (bench/web.mjs: ≤ 250 KiB); the entry is ≈ 720 kB before compression.
    chunkSizeWarningLimit: 800,
    rolldownOptions: {
      // src/early.ts is an entry of its own: the page loads it as a separate async script (earlyRequestsScript).
      input: { index: fileURLToPath(new URL('./index.html', import.meta.url)), early: fileURLToPath(new URL('./src/early.ts', import.meta.url)) },
      // Mantine marks its modules "use client" for React Server Components; a browser bundle has no use for it.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: { '/api': api, '/health': api, '/admin': api },
  },
});

/**
 * Adds the `early` entry's script to the built page, `async` so that it runs as soon as it arrives: it
 * sends the requests the page opens with while the app's entry still downloads (src/api/early-requests.ts).
 * Vite would merge a second module script of index.html into the app's entry; the dev server goes without.
 */
function earlyRequestsScript(): Plugin {
  return {
    name: 'guankao-early-requests-script',
    transformIndexHtml: {
      order: 'post',
      handler(_html, { bundle }) {
        const early = Object.values(bundle ?? {}).find((c) => c.type === 'chunk' && c.isEntry && c.name === 'early');
        if (!early) return;
        return [{ tag: 'script', attrs: { type: 'module', async: true, crossorigin: true, src: `/${early.fileName}` }, injectTo: 'head' }];
      },
    },
  };
}

/**
 * Imports the CSS of exactly the Mantine components a module uses, beside that module: a page's
 * components' styles then travel in the page's lazy chunk instead of all of Mantine's 41 KB (gzip)
 * in the first one. Which styles a component needs (its own and those of the components it renders:
 * Select → Input, Combobox, Popover …) is read from Mantine's own ES modules: every `X.module.mjs` a
 * component reaches is a class map whose rules are `styles/X.layer.css`, listed dependencies first.
 * The `.layer.css` files put Mantine in `@layer mantine`, so the app's own (unlayered) CSS wins
 * whatever order the chunks load in. main.tsx imports baseline, variables and global styles first.
 */
type Package = 'core' | 'dates' | 'dropzone' | 'notifications';

const IMPORT = /import\s+(type\s+)?\{([^}]*)\}\s*from\s*['"]@mantine\/(core|dates|dropzone|notifications)['"]/g;
const RELATIVE_IMPORT = /(?:import|export)\s*(?:[^'";]*?\bfrom\s*)?['"](\.{1,2}\/[^'"]+\.mjs)['"]/g;

function mantineCssPerComponent(appSrc: string): Plugin {
  const require = createRequire(import.meta.url);
  // The packages export no package.json; their main file is <package>/cjs/index.cjs.
  const esmRoot = (pkg: Package) => path.join(path.dirname(path.dirname(require.resolve(`@mantine/${pkg}`))), 'esm');
  const exportsOf = new Map<Package, Map<string, string>>();
  const stylesOf = new Map<string, string[]>();
  const sources = new Map<string, string>();
  const source = (file: string) => sources.get(file) ?? sources.set(file, readFileSync(file, 'utf8')).get(file)!;

  /** Export name → file, from the package's esm/index.mjs (`import { A, B } from "./components/…mjs"`). */
  function exportFiles(pkg: Package): Map<string, string> {
    let files = exportsOf.get(pkg);
    if (files) return files;
    files = new Map();
    const root = esmRoot(pkg);
    const index = readFileSync(path.join(root, 'index.mjs'), 'utf8');
    for (const [, names, from] of index.matchAll(/import\s*\{([^}]*)\}\s*from\s*"(\.[^"]+)"/g)) {
      // `import { Dropzone as Dropzone$1 }` then `const Dropzone = Dropzone$1`: both names lead to the file.
      for (const name of names.split(/[\s,]+|\bas\b/).filter(Boolean)) files.set(name, path.join(root, from));
    }
    exportsOf.set(pkg, files);
    return files;
  }

  /** The style sheets a module of a Mantine package needs, dependencies first. */
  function stylesOfFile(file: string, pkg: Package, seen: Set<string>, out: string[]): void {
    if (seen.has(file)) return;
    seen.add(file);
    const code = source(file);
    const classMaps: string[] = [];
    for (const [, relative] of code.matchAll(RELATIVE_IMPORT)) {
      const module = /([^/\\]+)\.module\.mjs$/.exec(relative);
      if (module) classMaps.push(module[1]);
      else stylesOfFile(path.resolve(path.dirname(file), relative), pkg, seen, out);
    }
    for (const [, typeOnly, names, from] of code.matchAll(IMPORT)) {
      if (!typeOnly) for (const name of parseNames(names)) stylesOfName(from as Package, name, seen, out);
    }
    // A component's own sheet after those of the components it renders, so its rules win.
    for (const name of classMaps) {
      const sheet = pkg === 'core' ? `@mantine/core/styles/${name}.layer.css` : `@mantine/${pkg}/styles.layer.css`;
      if (!out.includes(sheet)) out.push(sheet);
    }
  }

  function stylesOfName(pkg: Package, name: string, seen: Set<string>, out: string[]): void {
    const file = exportFiles(pkg).get(name);
    if (file && existsSync(file)) stylesOfFile(file, pkg, seen, out);
  }

  function stylesFor(pkg: Package, name: string): string[] {
    const key = `${pkg}:${name}`;
    let sheets = stylesOf.get(key);
    if (!sheets) {
      sheets = [];
      stylesOfName(pkg, name, new Set(), sheets);
      stylesOf.set(key, sheets);
    }
    return sheets;
  }

  return {
    name: 'guankao-mantine-css-per-component',
    enforce: 'pre',
    transform(code, id) {
      if (!id.startsWith(appSrc) || !/\.[cm]?[jt]sx?$/.test(id)) return null;
      const sheets: string[] = [];
      for (const [, typeOnly, names, pkg] of code.matchAll(IMPORT)) {
        if (typeOnly) continue;
        for (const name of parseNames(names)) {
          for (const sheet of stylesFor(pkg as Package, name)) if (!sheets.includes(sheet)) sheets.push(sheet);
        }
      }
      if (!sheets.length) return null;
      // Appended, so every line keeps its place and the source map stays right.
      return { code: `${code}\n${sheets.map((s) => `import '${s}';`).join('\n')}\n`, map: null };
    },
  };
}

function parseNames(names: string): string[] {
  return names
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n && !n.startsWith('type '))
    .map((n) => n.split(/\s+as\s+/)[0].trim());
}
