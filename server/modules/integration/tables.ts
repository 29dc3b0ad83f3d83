import type { Generated } from 'kysely';

declare module '../../lib/db-types' {
  interface DB {
    webhook_endpoints: {
      id: Generated<number>;
      url: string;
      description: string | null;
      secret: string;
      topics: string[];
      active: Generated<boolean>;
      created_at: Generated<Date>;
      updated_at: Generated<Date>;
    };
    webhook_deliveries: {
      id: Generated<number>;
      endpoint_id: number;
      event_id: number | null;
      topic: string;
      ok: boolean;
      status_code: number | null;
      error: string | null;
      duration_ms: number;
      attempted_at: Generated<Date>;
    };
  }
}
export {};

declare module '../../lib/db-types' {
  interface DB {
    erp_changes: { seq: Generated<number>; event_id: number; topic: string; payload: unknown; occurred_at: Date; recorded_at: Generated<Date> };
  }
}
