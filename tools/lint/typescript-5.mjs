// typescript-eslint and its helpers (ts-api-utils, hoisted to the root's node_modules by the
// workspace install) would `require('typescript')` from the root, which is TypeScript 7; they
// need this folder's TypeScript 5.9. Every CommonJS `require('typescript')` made while linting
// resolves here. Imported before typescript-eslint by eslint.config.mjs.
import Module, { createRequire } from 'node:module';

const typescript = createRequire(import.meta.url).resolve('typescript');
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'typescript' ? typescript : resolveFilename.call(this, request, ...rest);
};
