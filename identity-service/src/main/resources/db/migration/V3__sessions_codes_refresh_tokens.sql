-- The server-side browser session of the sign-in pages, referenced by an HttpOnly cookie whose
-- value is only stored hashed. A session first holds a sign-in in progress (the pending
-- authorization request, the one-time code), then the signed-in account.
create table browser_session (
    id                    uuid primary key,
    cookie_hash           text not null unique,
    csrf_token            text not null,
    created_at            timestamptz not null,
    last_seen_at          timestamptz not null,
    ended_at              timestamptz,
    step                  text not null check (step in ('PASSWORD', 'OTP', 'SIGNED_IN')),
    pending_request       text,
    candidate_account_id  uuid references account (id),
    otp_hash              text,
    otp_channel           text,
    otp_expires_at        timestamptz,
    otp_attempts          integer not null default 0,
    account_id            uuid references account (id),
    authenticated_at      timestamptz,
    amr                   text[],
    acr                   text
);
create index browser_session_account on browser_session (account_id) where ended_at is null;
create index browser_session_last_seen on browser_session (last_seen_at) where ended_at is null;

-- Authorization codes (stored hashed), single use, bound to client, redirect URI and PKCE challenge.
create table authorization_code (
    code_hash        text primary key,
    client_id        text not null,
    redirect_uri     text not null,
    code_challenge   text not null,
    scope            text not null,
    nonce            text,
    session_id       uuid not null references browser_session (id),
    account_id       uuid not null references account (id),
    expires_at       timestamptz not null,
    used_at          timestamptz,
    token_family_id  uuid
);

-- The refresh tokens issued from one authorization code: rotated on every use; reusing a rotated
-- one, replaying the code or ending the session revokes the whole family.
create table refresh_token_family (
    id              uuid primary key,
    client_id       text not null,
    account_id      uuid not null references account (id),
    session_id      uuid not null references browser_session (id),
    scope           text not null,
    created_at      timestamptz not null,
    revoked_at      timestamptz,
    revoked_reason  text
);
create index refresh_token_family_session on refresh_token_family (session_id);
create index refresh_token_family_account on refresh_token_family (account_id);

create table refresh_token (
    token_hash  text primary key,
    family_id   uuid not null references refresh_token_family (id),
    issued_at   timestamptz not null,
    rotated_at  timestamptz
);
create index refresh_token_family_id on refresh_token (family_id);
