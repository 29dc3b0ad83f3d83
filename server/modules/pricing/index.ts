import type { OrdoModule } from '../../lib/module';
import './tables';
import './visibility';

export const pricingModule: OrdoModule = { name: 'pricing' };
