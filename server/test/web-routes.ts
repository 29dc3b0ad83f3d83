import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

/** One route of the web app as its routes.tsx declares it. */
export interface WebRoute {
  side: 'admin' | 'portal';
  /** full path, e.g. '/admin/orders/:id' */
  path: string;
  /** the roles the app mounts it for; undefined = every signed-in user of that side */
  roles?: string[];
}

const WEB = join(__dirname, '..', '..', 'web', 'src');

/**
 * The routes the web app mounts (shell/AppRoutes.tsx: '/admin' + every domain's adminRoutes, '/' +
 * portalRoutes, each filtered by its `roles`), read from web/src/<domain>/routes.tsx. Role lists
 * are inline arrays or constants of the same file; anything else fails loudly.
 */
export function webRoutes(): WebRoute[] {
  const out: WebRoute[] = [{ side: 'admin', path: '/admin' }, { side: 'portal', path: '/' }, { side: 'portal', path: '/me' }];
  for (const dir of readdirSync(WEB)) {
    const file = join(WEB, dir, 'routes.tsx');
    if (!existsSync(file)) continue;
    const src = readFileSync(file, 'utf8');
    const consts = new Map<string, string[]>();
    for (const m of src.matchAll(/const (\w+)(?::[^=]+)? = \[([^\]]*)\]/g)) consts.set(m[1]!, [...m[2]!.matchAll(/'([^']+)'/g)].map((x) => x[1]!));
    for (const [side, name] of [['admin', 'adminRoutes'], ['portal', 'portalRoutes']] as const) {
      const start = src.indexOf(`export const ${name}`);
      if (start < 0) continue;
      const block = src.slice(start, src.indexOf('\n];', start));
      for (const line of block.split('\n')) {
        const p = /\{ path: '([^']*)'/.exec(line);
        if (!p) continue;
        const r = /roles: (\[[^\]]*\]|\w+)/.exec(line);
        let roles: string[] | undefined;
        if (r) {
          roles = r[1]!.startsWith('[') ? [...r[1]!.matchAll(/'([^']+)'/g)].map((x) => x[1]!) : consts.get(r[1]!);
          if (!roles) throw new Error(`${file}: cannot read roles ${r[1]} of route ${p[1]}`);
        }
        const path = side === 'admin' ? `/admin${p[1] ? `/${p[1]}` : ''}` : `/${p[1]}`;
        out.push({ side, path, roles });
      }
    }
  }
  return out;
}

/** The route a link (path, maybe with ?query) opens for a user of `side` with `role`, or null. */
export function routeFor(routes: WebRoute[], link: string, side: 'admin' | 'portal', role: string): WebRoute | null {
  const path = link.split('?')[0]!.replace(/\/$/, '') || '/';
  const inSide = routes.filter((r) => r.side === side && (!r.roles || r.roles.includes(role)));
  // react-router ranks static segments above :params
  const exact = inSide.find((r) => r.path === path);
  if (exact) return exact;
  return inSide.find((r) => new RegExp(`^${r.path.replace(/:[A-Za-z]+/g, '[^/]+')}$`).test(path)) ?? null;
}
