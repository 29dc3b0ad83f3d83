-- Accounts created by the demo seed (published password): refused at sign-in outside demo mode
-- until their password is changed or reset.
alter table users add column demo boolean not null default false;
