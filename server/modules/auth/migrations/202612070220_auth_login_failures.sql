-- Failed sign-ins per login name and client address (issue 22): a lockout that an attacker
-- elsewhere cannot impose on the owner. users.failed_logins / locked_until are no longer used.
create table login_failures (
  login_key text not null,
  ip text not null,
  failures int not null,
  last_failure_at timestamptz not null default now(),
  locked_until timestamptz,
  primary key (login_key, ip)
);
