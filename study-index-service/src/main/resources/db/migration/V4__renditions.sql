-- What transcode-worker made of each instance's pixel data (instance.rendered): the blob served
-- from then on. availability turns AVAILABLE when it arrives; a study is AVAILABLE when all its
-- instances are. A re-sent instance (REPLACED) goes back to RECEIVED until its new rendition.
alter table instance
    add column rendition_outcome             text,
    add column rendition_blob_key            text,
    add column rendition_transfer_syntax_uid text,
    add column rendition_size_bytes          bigint,
    add column rendition_note                text,
    add column rendered_at                   timestamptz;

-- Studies still waiting for renditions (few at any time): the availability check reads them.
create index instance_received_idx on instance (study_id) where availability = 'RECEIVED';
