-- The worker keeps no business data; it remembers which events it has processed so that a
-- redelivered event is not processed twice (idempotent consumer).
create table processed_event (
    event_id      text primary key,
    processed_at  timestamptz not null default now()
);
