import type { Generated } from 'kysely';

declare module '../../lib/db-types' {
  interface DB {
    companies: {
      id: Generated<number>;
      code: string;
      name: string;
      status: Generated<'active' | 'suspended'>;
      created_at: Generated<Date>;
      updated_at: Generated<Date>;
    };
  }
}
export {};
