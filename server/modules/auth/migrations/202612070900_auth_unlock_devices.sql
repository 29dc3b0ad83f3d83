-- Issue 22: unlocking a login refused after failed sign-ins by a link e-mailed to its owner, and
-- "remember this device" for two-factor sign-in. Only SHA-256 hashes of the tokens are stored.
create table unlock_tokens (
  token_hash text primary key,
  user_id int not null references users(id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz,
  ip text
);
create index unlock_tokens_user on unlock_tokens (user_id, created_at desc);

create table trusted_devices (
  id bigint generated always as identity primary key,
  user_id int not null references users(id) on delete cascade,
  token_hash text not null unique,
  label text,
  ip text,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  last_used_at timestamptz,
  revoked_at timestamptz
);
create index trusted_devices_user on trusted_devices (user_id);
