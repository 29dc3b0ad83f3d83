import { request, type RequestOptions } from './api';
import type { paths } from './api-schema';

/*
 * A typed client over the generated OpenAPI types (web/src/lib/api-schema.ts, written by
 * `npm run gen:client`): the path must be one the API documents, its path parameters, query and
 * body are checked against the route's zod schemas, and the answer has the route's response type.
 * So renaming a field on the server breaks `npm run typecheck` here instead of a screen at run time.
 * Errors still arrive as ApiError (lib/api.ts), with the same headers and idempotency keys.
 */

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Operation<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>;

/** The documented paths that answer method M. */
export type PathWith<M extends Method> = {
  [P in keyof paths]: [NonNullable<paths[P][M]>] extends [never] ? never : P;
}[keyof paths];

type JsonOf<R> = R extends { content: { 'application/json': infer J } } ? J : unknown;
type Answer<O> = O extends { responses: infer R } ? (200 extends keyof R ? JsonOf<R[200]> : 201 extends keyof R ? JsonOf<R[201]> : unknown) : unknown;

/** The JSON answer of a successful call: `Response<'/api/orders/{id}', 'get'>`. */
export type Response<P extends keyof paths, M extends Method = 'get'> = Answer<Operation<P, M>>;
/** The JSON body a call sends. */
export type Body<P extends keyof paths, M extends Method> = Operation<P, M> extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;
/** The query parameters of a call. */
export type Query<P extends keyof paths, M extends Method = 'get'> = NonNullable<Operation<P, M> extends { parameters: { query?: infer Q } } ? Q : never>;

// Path parameters may be given as the route's string from useParams: the server validates them.
type PathParams<O> = O extends { parameters: { path: infer A } } ? ([A] extends [never] ? undefined : { [K in keyof A]: A[K] | string }) : undefined;
type QueryParams<O> = O extends { parameters: { query?: infer Q } } ? ([NonNullable<Q>] extends [never] ? undefined : Q) : undefined;
type JsonBody<O> = O extends { requestBody: { content: { 'application/json': infer B } } } ? B
  : O extends { requestBody?: { content: { 'application/json': infer B } } } ? B | undefined : undefined;

// A part whose fields are all optional (a query of filters, a body of options) may be left out.
type Part<K extends string, V> = [V] extends [undefined] ? { [_ in K]?: never } : undefined extends V ? { [_ in K]?: V } : object extends V ? { [_ in K]?: V } : { [_ in K]: V };
type Init<O> = Part<'path', PathParams<O>> & Part<'query', QueryParams<O>> & Part<'body', JsonBody<O>> & RequestOptions;
type Args<O> = object extends Init<O> ? [init?: Init<O>] : [init: Init<O>];

type QueryValue = string | number | boolean | undefined | null | (string | number)[];

function url(path: string, init: { path?: object; query?: object } | undefined): string {
  let out = path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = (init?.path as Record<string, string | number> | undefined)?.[name];
    if (v === undefined) throw new Error(`missing path parameter ${name} for ${path}`);
    return encodeURIComponent(String(v));
  });
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries((init?.query ?? {}) as Record<string, QueryValue>)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) v.forEach((x) => sp.append(k, String(x)));
    else sp.set(k, String(v));
  }
  const q = sp.toString();
  if (q) out += `?${q}`;
  return out;
}

function call<M extends Method>(method: M) {
  return <P extends PathWith<M>>(path: P, ...[init]: Args<Operation<P, M>>): Promise<Answer<Operation<P, M>>> => {
    const i = init as (Init<Operation<P, M>> & { body?: unknown }) | undefined;
    const body = method === 'get' || method === 'delete' ? undefined : (i?.body ?? {});
    return request<Answer<Operation<P, M>>>(method.toUpperCase(), url(path, i), body, { idempotencyKey: i?.idempotencyKey, signal: i?.signal });
  };
}

type UploadInit<O> = Part<'path', PathParams<O>> & Part<'query', QueryParams<O>> & RequestOptions;
type UploadArgs<O> = object extends UploadInit<O> ? [init?: UploadInit<O>] : [init: UploadInit<O>];

/** A multipart upload (the route documents `multipart/form-data`): the answer is typed, the form is not. */
function upload<P extends PathWith<'post'>>(path: P, form: FormData, ...[init]: UploadArgs<Operation<P, 'post'>>): Promise<Answer<Operation<P, 'post'>>> {
  const i = init as RequestOptions & { path?: object; query?: object } | undefined;
  return request<Answer<Operation<P, 'post'>>>('POST', url(path, i), form, { idempotencyKey: i?.idempotencyKey, signal: i?.signal });
}

/** Typed calls to the Ordo API, e.g. `client.get('/api/my/orders/{id}', { path: { id } })`. */
export const client = {
  get: call('get'),
  post: call('post'),
  put: call('put'),
  patch: call('patch'),
  del: call('delete'),
  upload,
};
