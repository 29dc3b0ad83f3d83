import type { OrdoModule } from '../../lib/module';
import { fairRoutes } from './routes';
import { seedFairsDemo } from './seed';
import { depositTopupHandler } from './changes';
import './tables';
import './messages';

/** Ordering fairs (订货会): time-boxed events with their own prices and quotas; bookings; the live board; conversion into orders. */
export const fairsModule: OrdoModule = { name: 'fairs', routes: fairRoutes, seedDemo: seedFairsDemo, outboxHandlers: () => [depositTopupHandler()] };
