import type { ColumnType, Generated } from 'kysely';
import type { Part, Tally } from './types';

declare module '../../lib/db-types' {
  interface DB {
    import_jobs: {
      id: Generated<number>;
      kind: string;
      dry_run: boolean;
      status: 'checked' | 'rejected' | 'running' | 'done' | 'failed';
      file_name: Generated<string>;
      header: Generated<unknown>;
      rows: Generated<unknown>;
      problems: Generated<unknown>;
      outcomes: Generated<unknown>;
      /** read as counts by part; written as JSON text */
      parts: ColumnType<Partial<Record<Part, Tally>>, string | undefined, string>;
      total: Generated<number>;
      processed: Generated<number>;
      created: Generated<number>;
      updated: Generated<number>;
      unchanged: Generated<number>;
      error: string | null;
      created_by: number | null;
      created_at: Generated<Date>;
      updated_at: Generated<Date>;
      finished_at: Date | null;
    };
  }
}
export {};
