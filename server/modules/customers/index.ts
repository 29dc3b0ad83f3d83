import type { OrdoModule } from '../../lib/module';
import { customerRoutes } from './routes';
import { seedCustomersDemo } from './seed';
import './tables';

/** Customers: companies, tiers, addresses, invoice profiles, buyers and limits, registrations. */
export const customersModule: OrdoModule = { name: 'customers', routes: customerRoutes, seedDemo: seedCustomersDemo };
export { customerScope, assertCustomerAccess, getCustomerTerms, type CustomerTerms } from './companies';
export { getOrderingTerms } from './ordering';
