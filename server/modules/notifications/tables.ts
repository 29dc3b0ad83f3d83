import type { Generated } from 'kysely';

export type EmailStatus = 'pending' | 'sent' | 'skipped' | 'failed';

declare module '../../lib/db-types' {
  interface DB {
    notifications: {
      id: Generated<number>;
      user_id: number;
      title: string;
      body: string;
      link: string | null;
      entity_type: string | null;
      entity_id: string | null;
      read_at: Date | null;
      dedupe_key: Generated<string | null>;
      kind: Generated<string>;
      group_key: Generated<string | null>;
      group_title: Generated<string | null>;
      group_link: Generated<string | null>;
      created_at: Generated<Date>;
    };
    notification_emails: {
      id: Generated<number>;
      notification_id: number | null;
      user_id: number;
      to_address: string | null;
      subject: string;
      body: string;
      status: Generated<EmailStatus>;
      error: string | null;
      message_id: string | null;
      attempts: Generated<number>;
      sent_at: Date | null;
      created_at: Generated<Date>;
    };
  }
}
export {};
