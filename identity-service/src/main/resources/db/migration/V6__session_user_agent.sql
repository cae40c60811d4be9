-- The browser a session was opened with (its User-Agent header at the authorization request, cut
-- to 400 characters), so that a person's list of active sessions says which device each one is.
alter table browser_session add column user_agent text;
