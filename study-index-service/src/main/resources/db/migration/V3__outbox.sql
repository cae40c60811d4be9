-- Transactional outbox: an event is written in the same transaction as the change it announces,
-- then relayed to Kafka and deleted (OutboxRelay). A row only exists while its event is not yet
-- acknowledged by the broker.
create table outbox_event (
    id          bigint generated always as identity primary key,
    event_id    uuid        not null unique,   -- the CloudEvents id: the same on every relay attempt
    topic       text        not null,
    message_key text        not null,
    type        text        not null,
    payload     jsonb       not null,
    created_at  timestamptz not null default now()
);
