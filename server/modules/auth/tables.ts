import type { Generated } from 'kysely';
import type { Role } from './actor';

declare module '../../lib/db-types' {
  interface DB {
    users: {
      id: Generated<number>;
      company_id: number | null;
      login: string;
      name: string;
      phone: string | null;
      email: string | null;
      role: Role;
      password_hash: string;
      status: Generated<'active' | 'disabled'>;
      failed_logins: Generated<number>;
      locked_until: Date | null;
      locale: Generated<string>;
      last_login_at: Date | null;
      demo: Generated<boolean>;
      totp_secret: string | null;
      totp_pending_secret: string | null;
      totp_enabled_at: Date | null;
      totp_last_step: number | null;
      created_at: Generated<Date>;
      updated_at: Generated<Date>;
    };
    sessions: {
      token_hash: string;
      user_id: number;
      created_at: Generated<Date>;
      expires_at: Date;
      ip: string | null;
      user_agent: string | null;
      two_factor_setup: Generated<boolean>;
    };
    user_recovery_codes: {
      id: Generated<number>;
      user_id: number;
      code_hash: string;
      used_at: Date | null;
    };
    login_challenges: {
      token_hash: string;
      user_id: number;
      expires_at: Date;
      attempts: Generated<number>;
      ip: string | null;
      user_agent: string | null;
      created_at: Generated<Date>;
    };
    unlock_tokens: {
      token_hash: string;
      user_id: number;
      created_at: Generated<Date>;
      expires_at: Date;
      used_at: Date | null;
      ip: string | null;
    };
    trusted_devices: {
      id: Generated<number>;
      user_id: number;
      token_hash: string;
      label: string | null;
      ip: string | null;
      created_at: Generated<Date>;
      expires_at: Date;
      last_used_at: Date | null;
      revoked_at: Date | null;
    };
    api_tokens: {
      id: Generated<number>;
      user_id: number;
      name: string;
      token_hash: string;
      prefix: string;
      scopes: string[];
      created_at: Generated<Date>;
      expires_at: Date | null;
      last_used_at: Date | null;
      revoked_at: Date | null;
    };
  }
}
export {};
