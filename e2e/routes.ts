/**
 * The web app's routes, read from its own route definitions (web/src/<domain>/routes.tsx:
 * `adminRoutes`, `portalRoutes`, `publicRoutes`) with the TypeScript parser, so that a new page
 * is scanned by the browser tests without anyone listing it here.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export type Side = 'admin' | 'portal' | 'public';
export interface RouteDef {
  side: Side;
  /** As declared, e.g. 'orders/:id'. */
  path: string;
  /** Roles that may open it; undefined = every role of its side. */
  roles?: string[];
  file: string;
}

export const STAFF_ROLES = ['admin', 'sales', 'warehouse', 'finance'];
export const CUSTOMER_ROLES = ['customer_admin', 'customer_buyer'];

const SIDES: Record<string, Side> = { adminRoutes: 'admin', portalRoutes: 'portal', publicRoutes: 'public' };

function stringsOf(node: ts.Expression, consts: Map<string, ts.Expression>, file: string): string[] {
  let n: ts.Expression = node;
  while (ts.isAsExpression(n) || ts.isParenthesizedExpression(n) || ts.isSatisfiesExpression(n)) n = n.expression;
  if (ts.isIdentifier(n)) {
    const init = consts.get(n.text);
    if (!init) throw new Error(`${file}: roles refers to ${n.text}, which is not a constant array in this file`);
    return stringsOf(init, consts, file);
  }
  if (!ts.isArrayLiteralExpression(n)) throw new Error(`${file}: roles must be an array literal or a constant holding one`);
  return n.elements.flatMap((e) => {
    if (ts.isStringLiteral(e)) return [e.text];
    if (ts.isSpreadElement(e)) return stringsOf(e.expression, consts, file);
    throw new Error(`${file}: a role that is not a string literal`);
  });
}

/** Every route the web app declares, with the roles that may open it. */
export function readRoutes(webSrc = path.resolve('web/src')): RouteDef[] {
  const out: RouteDef[] = [];
  for (const domain of fs.readdirSync(webSrc).sort()) {
    const file = path.join(webSrc, domain, 'routes.tsx');
    if (!fs.existsSync(file)) continue;
    const src = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true, ts.ScriptKind.TSX);
    const consts = new Map<string, ts.Expression>();
    const lists: [Side, ts.Expression][] = [];
    for (const stmt of src.statements) {
      if (!ts.isVariableStatement(stmt)) continue;
      for (const d of stmt.declarationList.declarations) {
        if (!ts.isIdentifier(d.name) || !d.initializer) continue;
        if (SIDES[d.name.text]) lists.push([SIDES[d.name.text], d.initializer]);
        else consts.set(d.name.text, d.initializer);
      }
    }
    for (const [side, list] of lists) {
      if (!ts.isArrayLiteralExpression(list)) throw new Error(`${file}: routes must be an array literal`);
      for (const el of list.elements) {
        if (!ts.isObjectLiteralExpression(el)) throw new Error(`${file}: a route that is not an object literal`);
        let p: string | undefined;
        let roles: string[] | undefined;
        for (const prop of el.properties) {
          if (!ts.isPropertyAssignment(prop) || !ts.isIdentifier(prop.name)) continue;
          if (prop.name.text === 'path') {
            if (!ts.isStringLiteral(prop.initializer)) throw new Error(`${file}: a route path that is not a string literal`);
            p = prop.initializer.text;
          }
          if (prop.name.text === 'roles') roles = stringsOf(prop.initializer, consts, file);
        }
        if (p === undefined) throw new Error(`${file}: a route without a path`);
        out.push({ side, path: p, roles, file: path.relative(process.cwd(), file) });
      }
    }
  }
  return out;
}

/** The URL of a route with its parameters filled in. */
export function urlOf(route: Pick<RouteDef, 'side' | 'path'>, params: Record<string, string | number> = {}): string {
  const filled = route.path.replace(/:(\w+)/g, (_, k: string) => {
    if (params[k] === undefined) throw new Error(`no value for :${k} in ${route.path}`);
    return String(params[k]);
  });
  return route.side === 'admin' ? `/admin${filled ? `/${filled}` : ''}` : `/${filled}`;
}

/** The roles that may open a route. */
export function rolesOf(route: RouteDef): string[] {
  if (route.side === 'public') return [];
  return route.roles ?? (route.side === 'admin' ? STAFF_ROLES : CUSTOMER_ROLES);
}
