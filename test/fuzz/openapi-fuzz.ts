/**
 * Contract fuzzing from the committed OpenAPI document (apps/web/src/api/openapi.json): requests
 * generated from each operation's parameters and body schema by fast-check (mostly well-formed,
 * some broken on purpose), sent as several roles; every answer must be below 500 and match the
 * schema documented for its status (ajv), and every 4xx must be the one error body.
 * Used by test/fuzz.e2e-spec.ts (a short run in CI) and `npm run fuzz` (a long one).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import fc from 'fast-check';

type Schema = Record<string, any>;
type Operation = { method: string; path: string; op: Schema };

const OPENAPI_PATH = fileURLToPath(new URL('../../apps/web/src/api/openapi.json', import.meta.url));

/** Operations a fuzz run leaves alone: they would sign its own sessions out. */
const SKIPPED = new Set(['POST /api/auth/logout', 'POST /api/auth/logout-all', 'DELETE /api/auth/session']);

export interface Caller {
  name: string;
  headers: Record<string, string>;
}

interface Finding {
  kind: '5xx' | 'schema' | 'timeout';
  request: string;
  status?: number;
  problem: string;
}

export interface FuzzResult {
  cases: number;
  seed: number;
  findings: Finding[];
  /** Statuses an operation answered that its document does not list (reported, not failed on). */
  undocumented: Map<string, number>;
  byStatus: Map<number, number>;
}

function loadDocument(): Schema {
  return JSON.parse(readFileSync(OPENAPI_PATH, 'utf8'));
}

function operations(document: Schema): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries<Schema>(document.paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
      if (item[method] && !SKIPPED.has(`${method.toUpperCase()} ${path}`)) ops.push({ method: method.toUpperCase(), path, op: item[method] });
    }
  }
  return ops;
}

/** OpenAPI 3.0 → JSON Schema for ajv: `nullable` as a null alternative (so a null $ref passes), refs into one document. */
function toJsonSchema(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toJsonSchema);
  if (!value || typeof value !== 'object') return value;
  const out: Schema = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === 'example' || key === 'nullable') continue;
    out[key] = key === '$ref' ? String(v).replace('#/components/', 'openapi#/components/') : toJsonSchema(v);
  }
  if ((value as Schema).nullable) return { anyOf: [{ type: 'null' }, out] };
  return out;
}

function responseValidator(document: Schema): (schema: Schema) => ValidateFunction {
  const ajv = new Ajv({ strict: false, allErrors: false });
  const addFormats = (addFormatsModule as unknown as { default?: (a: Ajv) => void }).default ?? (addFormatsModule as unknown as (a: Ajv) => void);
  addFormats(ajv);
  ajv.addSchema({ $id: 'openapi', components: toJsonSchema(document.components) });
  const cache = new Map<string, ValidateFunction>();
  return (schema) => {
    const key = JSON.stringify(schema);
    let validate = cache.get(key);
    if (!validate) {
      validate = ajv.compile(toJsonSchema(schema) as Schema);
      cache.set(key, validate);
    }
    return validate;
  };
}

function resolve(document: Schema, schema: Schema | undefined): Schema {
  let s = schema ?? {};
  for (let i = 0; s.$ref && i < 10; i++) s = document.components.schemas[String(s.$ref).split('/').pop()!];
  if (s.allOf?.length === 1) return { ...resolve(document, s.allOf[0]), nullable: s.nullable };
  return s;
}

/** Well-formed values of a schema (mostly), with its example and edge values among them. */
function valueOf(document: Schema, schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(document, schema);
  const options: fc.Arbitrary<unknown>[] = [];
  if (s.example !== undefined) options.push(fc.constant(s.example));
  if (s.enum) options.push(fc.constantFrom(...s.enum));
  else if (s.oneOf || s.anyOf) options.push(fc.oneof(...(s.oneOf ?? s.anyOf).map((x: Schema) => valueOf(document, x, depth + 1))));
  else if (s.type === 'string') {
    if (s.format === 'date-time') options.push(fc.date({ noInvalidDate: true, min: new Date('2000-01-01'), max: new Date('2040-01-01') }).map((d) => d.toISOString()));
    else if (s.format === 'date') options.push(fc.date({ noInvalidDate: true, min: new Date('2000-01-01'), max: new Date('2040-01-01') }).map((d) => d.toISOString().slice(0, 10)));
    else if (s.format === 'uuid') options.push(fc.uuid());
    else options.push(fc.string({ minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 40, 200) }), fc.constantFrom('', ' ', '晶片', '2024-Q3', '113/12/31', 'aap2'));
  } else if (s.type === 'number' || s.type === 'integer') {
    options.push(fc.integer({ min: s.minimum ?? -10, max: s.maximum ?? 3000 }), fc.constantFrom(0, -1, 2024, 113, 1e12, 0.5));
  } else if (s.type === 'boolean') options.push(fc.boolean());
  else if (s.type === 'array') {
    options.push(depth > 4 ? fc.constant([]) : fc.array(valueOf(document, s.items, depth + 1), { maxLength: 4 }));
  } else if (s.type === 'object' || s.properties) {
    if (depth > 4) options.push(fc.constant({}));
    else {
      const props = s.properties ?? {};
      const required = new Set<string>(s.required ?? []);
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, prop] of Object.entries<Schema>(props)) record[name] = valueOf(document, prop, depth + 1);
      options.push(fc.record(record, { requiredKeys: Object.keys(props).filter((k) => required.has(k)) }));
    }
  } else {
    options.push(fc.jsonValue({ maxDepth: 2 }));
  }
  const value = fc.oneof(...options);
  return s.nullable ? fc.option(value, { nil: null, freq: 8 }) : value;
}

/** A value of the schema, or one broken on purpose: wrong type, null, an unknown field. */
function fuzzedValue(document: Schema, schema: Schema | undefined): fc.Arbitrary<unknown> {
  const good = valueOf(document, schema);
  return fc.oneof(
    { weight: 6, arbitrary: good },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    { weight: 1, arbitrary: good.map((v) => (v && typeof v === 'object' && !Array.isArray(v) ? { ...v, unexpectedField: 1 } : v)) },
  );
}

interface FuzzRequest {
  method: string;
  path: string;
  url: string;
  caller: number;
  body?: unknown;
  op: Schema;
}

function requestArbitrary(document: Schema, ops: Operation[], known: string[], callers: number): fc.Arbitrary<FuzzRequest> {
  const pathValue = fc.oneof(
    { weight: 6, arbitrary: known.length ? fc.constantFrom(...known) : fc.uuid() },
    { weight: 1, arbitrary: fc.uuid() },
    { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 30 }) },
  );
  return fc.constantFrom(...ops).chain(({ method, path, op }) => {
    const params: Schema[] = (op.parameters ?? []).filter((p: Schema) => p.in === 'path' || p.in === 'query');
    const paramValues: Record<string, fc.Arbitrary<unknown>> = {};
    for (const p of params) paramValues[p.name] = p.in === 'path' ? pathValue : fuzzedValue(document, p.schema);
    const required = params.filter((p) => p.required).map((p) => p.name);
    const json = op.requestBody?.content?.['application/json']?.schema;
    return fc.record({
      params: fc.record(paramValues, { requiredKeys: required }),
      body: json ? fuzzedValue(document, json) : fc.constant(undefined),
      caller: fc.nat({ max: callers - 1 }),
    }).map(({ params: values, body, caller }) => {
      let url = path;
      const query = new URLSearchParams();
      for (const p of params) {
        const v = (values as Record<string, unknown>)[p.name];
        if (v === undefined) continue;
        const text = typeof v === 'string' ? v : JSON.stringify(v);
        if (p.in === 'path') url = url.replace(`{${p.name}}`, encodeURIComponent(text || 'x'));
        else query.append(p.name, text);
      }
      const qs = query.toString();
      return { method, path, url: qs ? `${url}?${qs}` : url, caller, body: json ? body : undefined, op };
    });
  });
}

/** Ids and codes from what the API lists, so that generated paths mostly name things that exist. */
async function harvest(baseUrl: string, document: Schema, callers: Caller[]): Promise<string[]> {
  const found = new Set<string>();
  const walk = (value: unknown, key = ''): void => {
    if (Array.isArray(value)) value.forEach((v) => walk(v, key));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, k);
    else if (typeof value === 'string' && /^(id|code|.*Id|.*Code|period)$/.test(key) && value.length < 80) found.add(value);
  };
  for (const { method, path } of operations(document)) {
    if (method !== 'GET' || path.includes('{')) continue;
    for (const caller of callers) {
      const res = await fetch(`${baseUrl}${path}`, { headers: caller.headers, signal: AbortSignal.timeout(10_000) }).catch(() => null);
      if (res?.ok && (res.headers.get('content-type') ?? '').includes('json')) walk(await res.json());
    }
  }
  return [...found].sort().slice(0, 2000);
}

/** Runs `cases` generated requests one after another and reports what broke the contract. */
export async function fuzz(options: { baseUrl: string; callers: Caller[]; cases: number; seed: number; document?: Schema }): Promise<FuzzResult> {
  const document = options.document ?? loadDocument();
  const ops = operations(document);
  const validatorFor = responseValidator(document);
  const known = await harvest(options.baseUrl, document, options.callers);
  const requests = fc.sample(requestArbitrary(document, ops, known, options.callers.length), { numRuns: options.cases, seed: options.seed });
  const result: FuzzResult = { cases: requests.length, seed: options.seed, findings: [], undocumented: new Map(), byStatus: new Map() };
  const errorSchema = { $ref: '#/components/schemas/ErrorBodyDto' };
  for (const request of requests) {
    const caller = options.callers[request.caller];
    const hasBody = request.body !== undefined;
    const label = `${caller.name} ${request.method} ${request.url}${hasBody ? ` ${JSON.stringify(request.body).slice(0, 300)}` : ''}`;
    let res: Response;
    try {
      res = await fetch(`${options.baseUrl}${request.url}`, {
        method: request.method,
        headers: { ...caller.headers, ...(hasBody ? { 'content-type': 'application/json' } : {}) },
        body: hasBody ? JSON.stringify(request.body) : undefined,
        signal: AbortSignal.timeout(15_000),
      });
    } catch (error) {
      result.findings.push({ kind: 'timeout', request: label, problem: String(error) });
      continue;
    }
    const status = res.status;
    result.byStatus.set(status, (result.byStatus.get(status) ?? 0) + 1);
    const text = await res.text();
    if (status >= 500) {
      result.findings.push({ kind: '5xx', request: label, status, problem: text.slice(0, 300) });
      continue;
    }
    const documented = request.op.responses?.[String(status)] ?? request.op.responses?.default;
    if (!documented) {
      const key = `${request.method} ${request.path} → ${status}`;
      result.undocumented.set(key, (result.undocumented.get(key) ?? 0) + 1);
    }
    const isJson = (res.headers.get('content-type') ?? '').includes('json');
    const schema = status >= 400 ? errorSchema : documented?.content?.['application/json']?.schema;
    if (!schema || !isJson) {
      if (status >= 400) result.findings.push({ kind: 'schema', request: label, status, problem: `a ${status} that is not the JSON error body: ${text.slice(0, 200)}` });
      continue;
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      result.findings.push({ kind: 'schema', request: label, status, problem: 'not JSON' });
      continue;
    }
    const validate = validatorFor(schema);
    if (!validate(body)) {
      result.findings.push({ kind: 'schema', request: label, status, problem: `${JSON.stringify(validate.errors?.slice(0, 3))} in ${text.slice(0, 300)}` });
    }
  }
  return result;
}

export function summary(result: FuzzResult): string {
  const statuses = [...result.byStatus].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(' ');
  const lines = [`${result.cases} cases (seed ${result.seed}): ${statuses}; ${result.findings.length} findings`];
  for (const f of result.findings.slice(0, 30)) lines.push(`  ${f.kind}${f.status ? ` ${f.status}` : ''}: ${f.request}\n      ${f.problem}`);
  if (result.undocumented.size) {
    lines.push(`  statuses not in the document (not failed on): ${[...result.undocumented].map(([k, n]) => `${k} ×${n}`).join('; ')}`);
  }
  return lines.join('\n');
}
