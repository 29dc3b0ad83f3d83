-- Import runs (issue 19): a dry run or an import of one template's file, its progress, its
-- per-row problems and outcomes (the result file is built from them).
create table import_jobs (
  id bigint generated always as identity primary key,
  kind text not null,
  dry_run boolean not null,
  status text not null check (status in ('checked', 'rejected', 'running', 'done', 'failed')),
  file_name text not null default '',
  header jsonb not null default '[]',
  -- [[row number, cell, cell, ...], ...] as read
  rows jsonb not null default '[]',
  -- [{ "row", "column", "message" }, ...] every problem found
  problems jsonb not null default '[]',
  -- { "<row>": "created" | "updated" | "unchanged" }
  outcomes jsonb not null default '{}',
  total int not null default 0,
  processed int not null default 0,
  created int not null default 0,
  updated int not null default 0,
  unchanged int not null default 0,
  error text,
  created_by bigint,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  finished_at timestamptz
);
create index import_jobs_recent on import_jobs (created_at desc);
