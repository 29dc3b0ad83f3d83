import type { OrdoModule } from '../../lib/module';
import { cartRoutes } from './routes';
import { seedCartDemo } from './seed';
import './tables';

/** Cart: server-side carts, quick order, drafts, templates, reorder, checkout and submission (代客下单 too). */
export const cartModule: OrdoModule = { name: 'cart', routes: cartRoutes, seedDemo: seedCartDemo };
export { cartOwner, type CartOwner } from './cart';
