-- Who may see a study (StudyAccess, ADR 0013): what registration records for the access rules,
-- and what the prescriber's list (my patients) needs.

-- The study's prescribers: the idNat_PS of the practitioners named by its Referring Physician
-- Identification Sequence (national coding schemes only, see PractitionerIdentifiers), as in the
-- latest registered instance. QIDO filters with `referring_physician_ids @> array[<caller>]`.
-- The producing establishment: the FINESS number the sending source is mapped to
-- (iris.sites.<source>.establishment) when the study was first registered from a mapped source;
-- null when none. Studies registered before this migration have neither: only platform
-- administrators see them until they are sent again.
alter table study
    add column referring_physician_ids text[] not null default '{}',
    add column producing_establishment text;
create index study_referring_physician_ids_idx on study using gin (referring_physician_ids);
-- A site administrator's searches: one establishment's studies, newest first.
create index study_producing_establishment_idx
    on study (producing_establishment, study_date desc nulls last, study_time desc nulls last, id desc);

-- Studies a practitioner has opened (retrieved metadata of): unread = not in here.
-- practitioner is the token subject (the account id).
create table study_read (
    practitioner  text        not null,
    study_id      bigint      not null references study (id) on delete cascade,
    read_at       timestamptz not null default now(),
    primary key (practitioner, study_id)
);
create index study_read_study_idx on study_read (study_id);
