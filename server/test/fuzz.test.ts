import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from './harness';
import { openApiPaths, type JsonSchema, type Operation, type Paths } from './openapi';

/**
 * Drives every route of the OpenAPI document with hostile input, as a staff admin, a customer
 * buyer and without a session: wrong types, negative / fractional / huge numbers, unknown ids,
 * oversized strings, Chinese and emoji. Nothing may answer 5xx, and every 4xx must carry the
 * `{ error: { code, message } }` shape.
 */
let t: TestApp;
let paths: Paths;
beforeAll(async () => {
  t = await createTestApp();
  paths = await openApiPaths(t.anon);
});
afterAll(() => t.close());

const HUGE = '订货😀<script>alert(1)</script>'.repeat(400);
const badValues = (s: JsonSchema | undefined): unknown[] => {
  const type = Array.isArray(s?.type) ? s!.type[0] : s?.type;
  switch (type) {
    case 'integer':
    case 'number':
      return [-1, 1e15, 'abc'];
    case 'string':
      return [12345, HUGE];
    case 'boolean':
      return ['yes'];
    case 'array':
      return ['not-an-array', Array.from({ length: 20_000 }, () => 1)];
    case 'object':
      return [[]];
    default:
      return [HUGE, -1];
  }
};

function bodies(op: Operation): unknown[] {
  const schema = op.requestBody?.content?.['application/json']?.schema;
  const out: unknown[] = [{}, 'just a string'];
  for (const [name, prop] of Object.entries(schema?.properties ?? {})) {
    for (const v of badValues(prop)) out.push({ [name]: v });
  }
  return out;
}

const fill = (path: string, v: string) => path.replace(/\{[^}]+\}/g, v).replace(/:[A-Za-z]+/g, v);

// Routes whose answer is not JSON by design (event streams, files, print views).
const streaming = (path: string) => /\/(events|stream|sse)$/.test(path);

async function hammer(c: Client, who: string, ids: string[]) {
  const failures: string[] = [];
  const jobs: (() => Promise<void>)[] = [];
  for (const [path, methods] of Object.entries(paths)) {
    if (!path.startsWith('/api/') || streaming(path)) continue;
    for (const [method, op] of Object.entries(methods)) {
      const m = method.toUpperCase();
      const templated = path.includes('{');
      for (const id of templated ? ids : [ids[0]]) {
        const url = fill(path, id);
        const list = m === 'GET' || m === 'DELETE' ? [undefined] : bodies(op);
        for (const body of list) {
          jobs.push(async () => {
            const res = await c.request({ method: m as 'GET', url: m === 'GET' ? `${url}?page=-1&pageSize=100000&q=${encodeURIComponent(HUGE.slice(0, 300))}` : url, payload: body as string });
            if (res.statusCode >= 500) failures.push(`${who} ${m} ${url} ${JSON.stringify(body)?.slice(0, 80)} → ${res.statusCode} ${res.body.slice(0, 200)}`);
            else if (res.statusCode >= 400 && String(res.headers['content-type'] ?? '').includes('json') && !res.json()?.error?.code) failures.push(`${who} ${m} ${url} → ${res.statusCode} without error.code`);
          });
        }
      }
    }
  }
  // a few at a time: on a PostgreSQL server they run in parallel, on PGlite they queue
  for (let i = 0; i < jobs.length; i += 8) await Promise.all(jobs.slice(i, i + 8).map((j) => j()));
  return failures;
}

describe('OpenAPI-driven input fuzzing', () => {
  it('no route answers 5xx or an unshaped 4xx to hostile input (admin, customer, anonymous)', async () => {
    const failures = [
      ...(await hammer(await t.as('admin'), 'admin', ['999999999', 'abc'])),
      ...(await hammer(await t.as('buyerA'), 'buyerA', ['-1'])),
      ...(await hammer(t.anon, 'anon', ['1'])),
    ];
    expect(failures, failures.slice(0, 30).join('\n')).toEqual([]);
  }, 600_000);
});
