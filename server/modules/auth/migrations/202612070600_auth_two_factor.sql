-- Two-factor sign-in with an authenticator app (TOTP, RFC 6238) and one-time recovery codes
-- (issue 22). The secret waits in totp_pending_secret until the user confirms a code from the app;
-- totp_last_step refuses a code used again within its 30-second window.
alter table users add column totp_secret text;
alter table users add column totp_pending_secret text;
alter table users add column totp_enabled_at timestamptz;
alter table users add column totp_last_step bigint;

-- Ten per user, argon2id hashes; a used code keeps its row (used_at) so the count left is known.
create table user_recovery_codes (
  id serial primary key,
  user_id int not null references users(id) on delete cascade,
  code_hash text not null,
  used_at timestamptz
);
create index user_recovery_codes_user on user_recovery_codes (user_id);

-- After a good password, a short-lived pending sign-in waits for the second factor.
create table login_challenges (
  token_hash text primary key,
  user_id int not null references users(id) on delete cascade,
  expires_at timestamptz not null,
  attempts int not null default 0,
  ip text,
  user_agent text,
  created_at timestamptz not null default now()
);
create index login_challenges_user on login_challenges (user_id);

-- A staff session whose role must use two-factor sign-in but has not set it up yet: it may only
-- set it up (and sign out) until it does.
alter table sessions add column two_factor_setup boolean not null default false;
