-- CPS sign-in (card over mutual TLS, or federation with a Pro Santé Connect compatible provider).
-- The card's hand-off: a one-time value (stored as a digest) that first links the sign-in page to
-- the TLS listener, then brings the verified card back to the issuer (step CPS_VERIFIED, the account
-- in candidate_account_id). The federation's request waiting at the upstream: its state (digest),
-- nonce and PKCE verifier, single use.
alter table browser_session
    drop constraint browser_session_step_check,
    add constraint browser_session_step_check check (step in ('PASSWORD', 'OTP', 'CPS_VERIFIED', 'SIGNED_IN')),
    add column handoff_hash              text,
    add column handoff_expires_at        timestamptz,
    add column upstream_state_hash       text,
    add column upstream_nonce            text,
    add column upstream_code_verifier    text,
    add column upstream_expires_at       timestamptz;
create index browser_session_handoff on browser_session (handoff_hash) where handoff_hash is not null;
