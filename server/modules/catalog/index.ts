import path from 'node:path';
import type { OrdoModule } from '../../lib/module';
import { catalogRoutes } from './routes';
import { seedCatalogDemo } from './seed';
import { LocalImageStore, setImageStore } from './images';
import './tables';
import './messages';

/** Catalog: categories, brands, products with SKUs and units, images, Chinese search. */
export const catalogModule: OrdoModule = {
  name: 'catalog',
  routes: (app, ctx) => {
    setImageStore(new LocalImageStore(path.join(ctx.config.dataDir, 'images')));
    return catalogRoutes(app, ctx);
  },
  seedDemo: seedCatalogDemo,
};
export { searchProducts, warmSearch, type SearchInput, type SearchScope } from './search';
export { getProduct, PRODUCT_CHANGED } from './products';
export { reindexProducts, ensureSearchDocuments } from './reindex';
