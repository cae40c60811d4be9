-- The original of an instance removed by transcode-worker once its rendition was verified
-- (instance.original-removed): the rendition is served in its place. A re-sent instance brings a
-- new original, and the column goes back to null.
alter table instance add column original_removed_at timestamptz;
