-- In-app notifications (the inbox), one row per recipient and notification.
create table notification (
    id           uuid primary key,
    recipient    text not null,            -- token subject of the recipient
    created_at   timestamptz not null default now(),
    kind         text not null,            -- export-ready, dossier-received...
    title        text not null,
    body         text not null,
    link         text,
    read_at      timestamptz
);
create index notification_recipient_idx on notification (recipient, created_at desc);
