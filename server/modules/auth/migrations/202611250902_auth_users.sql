create table users (
  id bigint generated always as identity primary key,
  company_id bigint references companies(id),
  login text not null,
  name text not null,
  phone text,
  email text,
  role text not null check (role in ('admin','sales','warehouse','finance','customer_admin','customer_buyer')),
  password_hash text not null,
  status text not null default 'active' check (status in ('active', 'disabled')),
  failed_logins int not null default 0,
  locked_until timestamptz,
  locale text not null default 'zh-CN',
  last_login_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- customer users belong to a company, staff do not
  check ((role like 'customer_%') = (company_id is not null))
);
create unique index users_login on users (lower(login));
create index users_company on users (company_id);

-- Sessions store only a hash of the cookie value.
create table sessions (
  token_hash text primary key,
  user_id bigint not null references users(id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  ip text,
  user_agent text
);
create index sessions_user on sessions (user_id);

create table api_tokens (
  id bigint generated always as identity primary key,
  user_id bigint not null references users(id) on delete cascade,
  name text not null,
  token_hash text not null unique,
  prefix text not null,
  scopes text[] not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz,
  last_used_at timestamptz,
  revoked_at timestamptz
);
create index api_tokens_user on api_tokens (user_id);
