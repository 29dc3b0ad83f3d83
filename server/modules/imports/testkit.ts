import { expect } from 'vitest';
import type { Client } from '../../test/harness';

/** Import tests' shared steps: a file posted as multipart, and the job followed to its end. */
export function multipart(data: Buffer, name: string) {
  const boundary = '----ordo' + Math.random().toString(16).slice(2);
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${name}"\r\ncontent-type: application/octet-stream\r\n\r\n`),
    data, Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** POST /api/imports/:kind with the file (a dry run when asked). */
export function postImport(c: Client, kind: string, data: Buffer, name = 'f.csv', dryRun = false) {
  const m = multipart(data, name);
  return c.request({ method: 'POST', url: `/api/imports/${kind}${dryRun ? '?dryRun=1' : ''}`, payload: m.payload, headers: m.headers });
}

/** The job once it is no longer running (polled every 50 ms, at most 30 s). */
export async function finishedImport(c: Client, id: number) {
  for (let i = 0; i < 600; i++) {
    const j = (await c.get(`/api/imports/jobs/${id}`)).json();
    if (j.status !== 'running') return j;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('import did not finish');
}

type Tally = { created: number; updated: number; unchanged: number };
/** How many records and parts a finished job created or updated (0: the file changed nothing). */
export const changedBy = (j: Tally & { parts: Record<string, Tally> }) =>
  j.created + j.updated + Object.values(j.parts).reduce((n, p) => n + p.created + p.updated, 0);

/** Imports a file and expects it done: the finished job. */
export async function loadImport(c: Client, kind: string, data: Buffer, name = 'f.csv') {
  const r = await postImport(c, kind, data, name);
  // 202 while it runs; 200 when it finished before the answer was read (a quick file on a quiet server)
  expect([200, 202], r.body).toContain(r.statusCode);
  const j = await finishedImport(c, r.json().id);
  expect(j.status, JSON.stringify(j)).toBe('done');
  return j;
}
