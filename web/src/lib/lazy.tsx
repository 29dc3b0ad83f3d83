import { Suspense, lazy, type ComponentType, type ReactNode } from 'react';
import { Spin } from 'antd';

/**
 * A route page loaded on first use (its own script chunk). The build rewrites each domain's
 * `import { XPage } from './XPage'` in routes.tsx into `lazyPage(() => import('./XPage'), 'XPage')`
 * (web/vite.config.ts, lazyRoutePages), so routes.tsx files stay plain imports.
 */
export function lazyPage<P extends object>(load: () => Promise<Record<string, unknown>>, name: string, fallback?: ReactNode): ComponentType<P> {
  const Lazy = lazy(async () => ({ default: (await load())[name] as ComponentType<P> }));
  function LazyPage(props: P) {
    return (
      <Suspense fallback={fallback === undefined ? <div style={{ padding: 48, textAlign: 'center' }}><Spin /></div> : fallback}>
        <Lazy {...props} />
      </Suspense>
    );
  }
  LazyPage.displayName = `Lazy(${name})`;
  return LazyPage;
}
