import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OpenAPIObject, OperationObject } from '@nestjs/swagger';
import { ERROR_STATUS } from '../../../libs/common/errors.js';
import { buildOpenApiOffline } from './openapi.js';

// The document is built without PostgreSQL or Redis (modules scanned in preview mode).
let doc: OpenAPIObject;
beforeAll(async () => {
  doc = await buildOpenApiOffline();
}, 60_000);

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
const operations = (): { route: string; op: OperationObject }[] =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((m) => ({ route: `${m.toUpperCase()} ${path}`, op: item[m] as OperationObject })),
  );

type Schema = Record<string, unknown>;

/** A property typed `object` that says nothing about its shape: what reflection gives for `string | null`. */
const isBareObject = (s: Schema): boolean =>
  s.type === 'object' && !s.properties && !s.$ref && s.additionalProperties === undefined && !s.allOf && !s.oneOf && !s.anyOf;

/** Every property schema (and array item) anywhere in the document, with where it is. */
function propertySchemas(node: unknown, where: string, out: { where: string; schema: Schema }[] = []): typeof out {
  if (Array.isArray(node)) node.forEach((n, i) => propertySchemas(n, `${where}[${i}]`, out));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'properties' && value && typeof value === 'object') {
        for (const [name, schema] of Object.entries(value as Record<string, Schema>)) {
          out.push({ where: `${where}.${name}`, schema });
          for (let items = schema.items as Schema | undefined, w = `${where}.${name}[]`; items; items = items.items as Schema | undefined, w += '[]') {
            out.push({ where: w, schema: items });
          }
        }
      }
      propertySchemas(value, key === 'properties' ? where : `${where}.${key}`, out);
    }
  }
  return out;
}

it('types every property: no bare `type: object` (a nullable scalar needs `type: String` etc. in @ApiProperty)', () => {
  const lies = propertySchemas(doc.components, 'components').concat(propertySchemas(doc.paths, 'paths'))
    .filter(({ schema }) => isBareObject(schema))
    .map(({ where }) => where.replace(/^components\.schemas\./, ''));
  expect(lies).toEqual([]);
  expect(propertySchemas(doc.components, 'components').length).toBeGreaterThan(500); // the walk does reach them
});

it('gives every schema class a name of its own (two DTOs with one name would share one schema)', () => {
  const libs = fileURLToPath(new URL('../../../libs', import.meta.url));
  const owners = new Map<string, { file: string; members: string }[]>();
  for (const file of readdirSync(libs, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'))) {
    const source = readFileSync(join(libs, file), 'utf8');
    // A class with @ApiProperty members, renamed by @ApiSchema({ name }) when it has one.
    for (const m of source.matchAll(/(?:@ApiSchema\(\{ name: '(\w+)' \}\)\s*)?(?:export )?class (\w+)[^{]*\{([\s\S]*?)\n\}/g)) {
      if (!m[3].includes('@ApiProperty')) continue;
      const name = m[1] ?? m[2];
      const members = m[3].split('\n').map((line) => line.trim()).filter(Boolean).sort().join('\n');
      owners.set(name, [...(owners.get(name) ?? []), { file, members }]);
    }
  }
  expect(owners.size).toBeGreaterThan(100);
  // The same name is fine only for the same members (the same schema).
  const clashes = [...owners].filter(([, classes]) => new Set(classes.map((c) => c.members)).size > 1);
  expect(clashes.map(([name, classes]) => `${name}: ${classes.map((c) => c.file).join(', ')}`)).toEqual([]);
});

it('names operations in stable, unique camelCase: the controller without "Controller", then the method', () => {
  const ids = operations().map(({ op }) => op.operationId ?? '');
  expect(ids.filter((id) => !/^[a-z][A-Za-z0-9]*$/.test(id))).toEqual([]);
  expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  const idOf = (method: 'get' | 'post', path: string) => doc.paths[path]?.[method]?.operationId;
  expect(idOf('post', '/api/auth/login')).toBe('authLogin');
  expect(idOf('post', '/api/submissions')).toBe('submissionsCreate');
  expect(idOf('get', '/api/sub-projects')).toBe('subProjectsList');
});

it('describes the tokens as opaque and the browser session cookie', () => {
  const schemes = doc.components?.securitySchemes ?? {};
  expect(schemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'opaque' });
  expect(schemes.cookie).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'guankao_session' });
});

it('documents 401 on every signed-in operation, 403 where roles restrict, and the error body on every 4xx', () => {
  const problems: string[] = [];
  const errorRef = '#/components/schemas/ErrorBodyDto';
  for (const { route, op } of operations()) {
    const isPublic = Array.isArray(op.security) && op.security.length === 0;
    if (!isPublic && !op.responses['401']) problems.push(`${route}: no 401`);
    if (!isPublic && JSON.stringify(op.security) !== JSON.stringify([{ bearer: [] }, { cookie: [] }])) problems.push(`${route}: security ${JSON.stringify(op.security)}`);
    for (const [status, response] of Object.entries(op.responses)) {
      const schema = (response as { content?: Record<string, { schema?: { $ref?: string } }> }).content?.['application/json']?.schema;
      if (Number(status) >= 400 && schema?.$ref !== errorRef) problems.push(`${route}: ${status} without the error body`);
    }
  }
  expect(problems).toEqual([]);
  expect(doc.paths['/api/auth/login']?.post?.security).toEqual([]);
  expect(doc.paths['/health']?.get?.security).toEqual([]);
  expect(doc.paths['/api/sub-projects']?.post?.responses['403']).toBeDefined(); // coordinators and admins only
  expect(doc.paths['/api/programmes']?.get?.responses['403']).toBeUndefined(); // any role, nothing to refuse
  expect(doc.paths['/api/programmes']?.get?.responses['401']).toBeDefined();
});

it('lists every error code in the error body', () => {
  expect(doc.components?.schemas?.ErrorCode).toMatchObject({ enum: Object.keys(ERROR_STATUS) });
});
