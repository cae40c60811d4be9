-- A study belongs to the source that first registered it (ADR 0018): its prescribers are the union
-- over its instances, and only an administrator takes one away.

-- Prescribers an administrator removed from a study: a later instance naming them again does not
-- give them the study back (study.referring_physician_ids is the union of the instances' less these).
create table study_referral_removal (
    study_id    bigint      not null references study (id) on delete cascade,
    idnat_ps    text        not null,
    removed_by  text        not null,
    removed_at  timestamptz not null default now(),
    primary key (study_id, idnat_ps)
);

-- What an audited change or refusal was about, in words (the administrator's reason, the previous
-- patient of a corrected study, the source of a refused instance); no pixel data, no names.
alter table audit_event add column detail text;
