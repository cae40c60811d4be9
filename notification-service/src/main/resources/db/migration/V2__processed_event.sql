-- Events the service has already turned into notifications (idempotent consumer): a redelivered
-- export.ready neither mails nor notifies twice.
create table processed_event (
    event_id      text primary key,
    processed_at  timestamptz not null default now()
);
