-- Failed sign-ins for local auth mode, kept in the database so the rate
-- limit holds across every app instance, not per process.
create table private.login_attempts (
  id bigint generated always as identity primary key,
  email text not null,
  ip text,
  attempted_at timestamptz not null default now()
);
create index login_attempts_email_idx on private.login_attempts (lower(email), attempted_at desc);
create index login_attempts_ip_idx on private.login_attempts (ip, attempted_at desc);

alter table private.login_attempts enable row level security;
grant select, insert, delete on private.login_attempts to service_role;
