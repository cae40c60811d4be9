-- Each lossless rendition decoded again and compared with its original (RenditionVerifier). The
-- original may only be removed (retention) once its rendition is recorded here as identical.
create table rendition_verification (
    sop_instance_uid  text        not null,
    original_sha256   text        not null,
    rendition_blob_key text       not null,
    identical         boolean     not null,
    note              text,
    verified_at       timestamptz not null default now(),
    primary key (sop_instance_uid, original_sha256)
);
