-- More contacts of a customer company (issue 19: the customer import's additional rows). The main
-- contact stays on companies (contact_name / contact_phone / email); these are the others.
create table company_contacts (
  id bigint generated always as identity primary key,
  company_id bigint not null references companies(id) on delete cascade,
  name text not null,
  phone text,
  email text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index company_contacts_company on company_contacts (company_id, id);
