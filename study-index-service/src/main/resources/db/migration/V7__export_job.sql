-- Export jobs (ADR 0014): a study, or a selection of its series and instances, packaged by
-- transcode-worker as a ZIP with a DICOMDIR. The row and its export.requested event are written in
-- one transaction (outbox); export.ready completes it. EXPIRED is not stored: a READY job whose
-- expires_at has passed is expired.
create table export_job (
    id                   uuid primary key,
    requester            text        not null,   -- token subject: the only one who sees and downloads it
    requester_email      text,                   -- the token's email claim, for the notification
    locale               text        not null check (locale in ('fr', 'en')),
    study_id             bigint      not null references study (id),
    study_instance_uid   text        not null,
    series_instance_uids text[],                 -- the selection as asked (null: the whole study)
    sop_instance_uids    text[],
    instance_count       integer     not null,   -- instances listed in export.requested
    status               text        not null default 'REQUESTED'
                         check (status in ('REQUESTED', 'READY', 'FAILED')),
    blob_key             text,                   -- exports/<id>.zip once READY
    size_bytes           bigint,
    packaged_count       integer,                -- files in the package, as the worker reports
    failure_reason       text,
    outcome_event_id     text,                   -- CloudEvents id of the export.ready applied
    requested_at         timestamptz not null default now(),
    completed_at         timestamptz,
    expires_at           timestamptz
);
-- A requester's jobs, newest first.
create index export_job_requester_idx on export_job (requester, requested_at desc);
