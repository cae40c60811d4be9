-- The study index: platform patients, site identities, studies, series and instances.
--
-- Query keys are columns (indexed for QIDO-RS); the DICOM JSON (PS3.18 Annex F) is kept as jsonb:
-- each instance's whole data set as the gateway sent it (bulk data already left out), and the
-- study-level and series-level subsets of the latest registered instance, which QIDO-RS returns.
-- Person names are stored twice more for matching: upper case (case-insensitive literal and
-- wildcard matching) and as the prefixes of their accent-free upper-case words (fuzzy matching).
-- Everything below is written by the registration API (one transaction per instance).

-- A platform patient: one person for the platform, linked to one or more site identities by the
-- PatientMatcher. Today every site identity gets a platform patient of its own.
create table patient (
    id          bigint generated always as identity primary key,
    created_at  timestamptz not null default now()
);

-- A patient as a site knows it: PatientID + IssuerOfPatientID, as received from one source
-- (the calling AE title of a DIMSE association, or STOW). Demographics: latest received.
create table site_patient (
    id                     bigint generated always as identity primary key,
    -- Set by the PatientMatcher in the transaction that creates the row: null only inside it.
    platform_patient_id    bigint references patient (id),
    source                 text not null,
    issuer_of_patient_id   text not null default '',
    patient_id             text not null default '',
    -- Instances without PatientID are not merged into one anonymous patient: their site identity
    -- is keyed by their study instead.
    unidentified_study_uid text not null default '',
    patient_name           text,
    patient_birth_date     text,
    patient_sex            text,
    created_at             timestamptz not null default now(),
    updated_at             timestamptz not null default now(),
    constraint site_patient_identity_key
        unique (source, issuer_of_patient_id, patient_id, unidentified_study_uid)
);
create index site_patient_platform_patient_idx on site_patient (platform_patient_id);

-- Sequence of registrations that changed something: a study's revision is the value of its latest
-- change, and the ETag of its metadata.
create sequence registration_seq;

create table study (
    id                              bigint generated always as identity primary key,
    study_instance_uid              text not null unique,
    site_patient_id                 bigint not null references site_patient (id),
    -- patient-level query keys, as in the latest registered instance
    patient_id                      text,
    issuer_of_patient_id            text,
    patient_name_upper              text,
    patient_name_words              text[] not null default '{}',
    patient_birth_date              date,
    patient_sex                     text,
    -- study-level query keys
    study_date                      date,
    study_time                      time,
    accession_number                text,
    study_id                        text,
    referring_physician_name_upper  text,
    referring_physician_name_words  text[] not null default '{}',
    study_description               text,
    -- maintained by every registration of one of the study's instances
    modalities_in_study             text[] not null default '{}',
    number_of_series                integer not null default 0,
    number_of_instances             integer not null default 0,
    availability                    text not null default 'RECEIVED'
                                    check (availability in ('RECEIVED', 'AVAILABLE')),
    attributes                      jsonb not null,
    revision                        bigint not null,
    created_at                      timestamptz not null default now(),
    updated_at                      timestamptz not null default now()
);
-- Newest studies first: the order of study searches, and range matching on StudyDate.
create index study_date_time_idx on study (study_date desc nulls last, study_time desc nulls last, id desc);
create index study_patient_id_idx on study (patient_id text_pattern_ops);
create index study_patient_name_idx on study (patient_name_upper text_pattern_ops);
create index study_patient_name_words_idx on study using gin (patient_name_words);
create index study_patient_birth_date_idx on study (patient_birth_date);
create index study_accession_number_idx on study (accession_number text_pattern_ops);
create index study_study_id_idx on study (study_id text_pattern_ops);
create index study_referring_physician_idx on study (referring_physician_name_upper text_pattern_ops);
create index study_referring_physician_words_idx on study using gin (referring_physician_name_words);
create index study_description_idx on study (study_description text_pattern_ops);
create index study_modalities_idx on study using gin (modalities_in_study);
create index study_site_patient_idx on study (site_patient_id);

create table series (
    id                                   bigint generated always as identity primary key,
    series_instance_uid                  text not null unique,
    study_id                             bigint not null references study (id),
    modality                             text,
    series_number                        integer,
    series_description                   text,
    performed_procedure_step_start_date  date,
    number_of_instances                  integer not null default 0,
    attributes                           jsonb not null,
    created_at                           timestamptz not null default now(),
    updated_at                           timestamptz not null default now()
);
create index series_study_number_idx on series (study_id, series_number, id);
create index series_modality_idx on series (modality);
create index series_description_idx on series (series_description text_pattern_ops);
create index series_pps_start_date_idx on series (performed_procedure_step_start_date);

create table instance (
    id                    bigint generated always as identity primary key,
    sop_instance_uid      text not null unique,
    series_id             bigint not null references series (id),
    study_id              bigint not null references study (id),
    sop_class_uid         text not null,
    instance_number       integer,
    acquisition_datetime  timestamp,
    transfer_syntax_uid   text not null,
    blob_key              text not null,
    size_bytes            bigint not null,
    sha256                text not null,
    source                text not null,          -- calling AE title, or STOW
    remote_address        text,
    availability          text not null default 'RECEIVED'
                          check (availability in ('RECEIVED', 'AVAILABLE')),
    metadata              jsonb not null,         -- the DICOM JSON data set, as registered
    created_at            timestamptz not null default now(),
    updated_at            timestamptz not null default now()
);
create index instance_series_number_idx on instance (series_id, instance_number, id);
create index instance_study_idx on instance (study_id);
create index instance_sop_class_idx on instance (sop_class_uid);
create index instance_acquisition_datetime_idx on instance (acquisition_datetime);
