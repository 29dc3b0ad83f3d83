import type { OrdoModule } from '../../lib/module';
import { quoteRoutes } from './routes';
import { seedQuotesDemo } from './seed';
import './tables';

/** Quotes (询价/报价): requests for prices, offers and counter-offers, accepted into orders at the quoted prices. */
export const quotesModule: OrdoModule = { name: 'quotes', routes: quoteRoutes, seedDemo: seedQuotesDemo };
