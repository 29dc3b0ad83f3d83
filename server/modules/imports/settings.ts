import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { getSetting } from '../platform/settings';
import type { ImportOptions } from './types';

export const SETTINGS_KEY = 'imports.settings';

/** The supplier's import settings: createBrands (default on) creates brands a product file names. */
export const importSettings = async (db: Kysely<DB> | Transaction<DB>): Promise<ImportOptions> => ({ createBrands: true, ...(await getSetting<Partial<ImportOptions>>(db, SETTINGS_KEY, {})) });
