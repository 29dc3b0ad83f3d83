import type { Generated } from 'kysely';

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
