-- Data accesses in the audit log (DataAccessAudit): which study (and so which patient) was read,
-- through which endpoint. Repeated identical accesses within a short window (a viewer fetching
-- the frames of a study) are one line with a count and the time of the last one.
alter table audit_event
    add column study_instance_uid   text,
    add column patient_id           text,
    add column issuer_of_patient_id text,
    add column endpoint             text,
    add column repeat_count         integer not null default 1,
    add column last_occurred_at     timestamptz;

create index audit_event_study_idx on audit_event (study_instance_uid, occurred_at desc)
    where study_instance_uid is not null;
create index audit_event_patient_idx on audit_event (patient_id, issuer_of_patient_id, occurred_at desc)
    where patient_id is not null;
