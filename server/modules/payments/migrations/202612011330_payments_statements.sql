-- Monthly statements (对账单): figures frozen from the ledger when issued; the customer confirms or disputes.
create table statements (
  id bigint generated always as identity primary key,
  company_id bigint not null references companies(id),
  period text not null check (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  period_start timestamptz not null,
  period_end timestamptz not null,
  opening bigint not null,
  orders bigint not null,
  cancellations bigint not null,
  payments bigint not null,
  refunds bigint not null,
  closing bigint not null,
  status text not null default 'issued' check (status in ('issued', 'confirmed', 'disputed')),
  dispute_reason text,
  responded_by bigint references users(id),
  responded_at timestamptz,
  created_by bigint references users(id),
  created_at timestamptz not null default now(),
  unique (company_id, period)
);
create index statements_period on statements (period, company_id);
