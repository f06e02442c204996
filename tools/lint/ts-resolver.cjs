// An import resolver for eslint-plugin-boundaries (eslint-module-utils' interface 2): the code
// imports `./x.js` (Node ESM) while the file is x.ts or x.tsx. Packages resolve as Node does.
const { existsSync } = require('node:fs');
const { dirname, resolve } = require('node:path');

exports.interfaceVersion = 2;
exports.resolve = (source, file) => {
  if (!source.startsWith('.')) {
    try {
      return { found: true, path: require.resolve(source, { paths: [dirname(file)] }) };
    } catch {
      return { found: true, path: null }; // a package, a type-only module or a Node built-in
    }
  }
  const base = resolve(dirname(file), source);
  const stem = base.replace(/\.(m|c)?jsx?$/, '');
  for (const candidate of [`${stem}.ts`, `${stem}.tsx`, `${stem}.mts`, base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`]) {
    if (existsSync(candidate) && !candidate.endsWith('/')) return { found: true, path: candidate };
  }
  return { found: false };
};
