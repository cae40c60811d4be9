-- What the periodic purge (org.irisimaging.identity.purge.Purge) looks rows up by, and what the
-- foreign key checks of its deletions need: ended, idle, too old sessions and expired one-time
-- codes; codes never exchanged and codes by session or by refresh token family; revoked families.
create index browser_session_ended on browser_session (ended_at) where ended_at is not null;
create index browser_session_created on browser_session (created_at) where ended_at is null;
create index browser_session_otp_expires on browser_session (otp_expires_at) where otp_hash is not null;
create index authorization_code_expires on authorization_code (expires_at) where token_family_id is null;
create index authorization_code_session on authorization_code (session_id);
create index authorization_code_family on authorization_code (token_family_id) where token_family_id is not null;
create index refresh_token_family_revoked on refresh_token_family (revoked_at) where revoked_at is not null;
