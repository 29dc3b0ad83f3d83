-- Customer companies (dealers, distributors, stores). The customers module grows this table.
create table companies (
  id bigint generated always as identity primary key,
  code text not null unique,
  name text not null,
  status text not null default 'active' check (status in ('active', 'suspended')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
