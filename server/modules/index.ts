import type { OrdoModule } from '../lib/module';
import { platformModule } from './platform';
import { customersModule } from './customers';
import { authModule } from './auth';
import { notificationsModule } from './notifications';
import { catalogModule } from './catalog';
import { pricingModule } from './pricing';
import { marketingModule } from './marketing';
import { inventoryModule } from './inventory';
import { cartModule } from './cart';
import { reportsModule } from './reports';
import { integrationModule } from './integration';
import { ordersModule, wireOrderLifecycle } from './orders';
import { shippingModule } from './shipping';
import { allowedPaymentMethods, balancePort, creditPort, paymentsModule } from './payments';
import { aftersalesModule } from './aftersales';
import { recommendationsModule } from './recommendations';
import { quotesModule } from './quotes';
import { fairsModule } from './fairs';
import { importsModule } from './imports';

/**
 * Every domain module, in dependency order: the demo seed runs in this order and later modules
 * may use ids that earlier ones put in the seed context. Add a module with one line here.
 */
export const modules: OrdoModule[] = [platformModule, customersModule, authModule, notificationsModule, catalogModule, pricingModule, marketingModule, inventoryModule, cartModule, integrationModule, ordersModule, shippingModule, paymentsModule, aftersalesModule, recommendationsModule, fairsModule, importsModule, reportsModule, quotesModule];

/**
 * Dependencies the registry wires by hand because they point back up the list: the order
 * lifecycle's credit check, charge and reversal, the prepaid balance hold's capture and release, and the payment methods a customer may choose,
 * are payments' functions (payments itself reports money to orders). Every entry point loads
 * this file, so every one gets the credit check; orders refuses to run without it.
 */
wireOrderLifecycle({ credit: creditPort, balance: balancePort, allowedPaymentMethods });
