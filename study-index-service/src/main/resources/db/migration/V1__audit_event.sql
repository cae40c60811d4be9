-- The platform's audit log: who did what, when, how, with which outcome.
-- Written from events (sign-ins today; data accesses as the features arrive).
create table audit_event (
    id              bigserial primary key,
    event_id        text not null unique,          -- CloudEvents id: consumers are idempotent on it
    occurred_at     timestamptz not null,
    recorded_at     timestamptz not null default now(),
    action          text not null,                 -- sign-in, query, retrieve, export...
    outcome         text not null,                 -- SUCCEEDED / FAILED
    actor           text,                          -- token subject; null when unknown
    client_id       text,
    method          text,                          -- amr value for sign-ins
    failure_reason  text,
    remote_address  text
);
create index audit_event_actor_idx on audit_event (actor, occurred_at desc);
create index audit_event_occurred_idx on audit_event (occurred_at desc);
