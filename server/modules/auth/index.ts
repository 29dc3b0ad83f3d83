import type { OrdoModule } from '../../lib/module';
import { authRoutes } from './routes';
import { seedAuthDemo } from './seed';

export const authModule: OrdoModule = { name: 'auth', routes: authRoutes, seedDemo: seedAuthDemo };
