-- Complaints and tickets (投诉与工单, issue 14): a thread between a customer and the supplier's
-- staff, tied to an order or not, with a status, an assignee, and first-response / resolution
-- times against the company's targets. Photos (照片) of requests and complaints: re-encoded images
-- in the image store, readable only by those who may read what they belong to.
create table aftersales_complaints (
  id bigint generated always as identity primary key,
  number text not null unique,
  company_id bigint not null references companies(id),
  order_id bigint references orders(id),
  subject text not null,
  status text not null default 'open' check (status in ('open', 'answered', 'resolved', 'closed')),
  version int not null default 1,
  raised_by_user_id bigint references users(id),
  assignee_user_id bigint references users(id),
  first_response_at timestamptz,
  resolved_at timestamptz,
  last_message_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index aftersales_complaints_company on aftersales_complaints (company_id, id desc);
create index aftersales_complaints_status on aftersales_complaints (status, id desc);

create table aftersales_complaint_messages (
  id bigint generated always as identity primary key,
  complaint_id bigint not null references aftersales_complaints(id) on delete cascade,
  side text not null check (side in ('customer', 'staff')),
  author_user_id bigint references users(id),
  author_label text,
  body text not null,
  created_at timestamptz not null default now()
);
create index aftersales_complaint_messages_thread on aftersales_complaint_messages (complaint_id, id);

create table aftersales_complaint_counters (
  day date primary key,
  last int not null
);

create table aftersales_photos (
  id bigint generated always as identity primary key,
  company_id bigint not null references companies(id),
  request_id bigint references aftersales_requests(id) on delete cascade,
  complaint_id bigint references aftersales_complaints(id) on delete cascade,
  image_id text not null,
  width int not null,
  height int not null,
  side text not null check (side in ('customer', 'staff')),
  uploaded_by bigint references users(id),
  created_at timestamptz not null default now(),
  check ((request_id is null) <> (complaint_id is null))
);
create index aftersales_photos_request on aftersales_photos (request_id) where request_id is not null;
create index aftersales_photos_complaint on aftersales_photos (complaint_id) where complaint_id is not null;
