-- Practitioner details, charter acceptance, credentials and lockout state of an account.
alter table account
    add column profession            text,
    add column phone                 text,
    add column charter_version       text,
    add column charter_accepted_at   timestamptz,
    add column created_at            timestamptz not null default now(),
    add column status_changed_at     timestamptz,
    add column status_changed_by     uuid,
    -- Argon2id, PHC string format ($argon2id$v=19$m=...,t=...,p=...$salt$hash); null: no password.
    add column password_hash         text,
    -- The channel of the one-time code after the password; null: password + code sign-in off.
    add column otp_channel           text check (otp_channel in ('EMAIL', 'SMS')),
    -- First sign-in with a CPS card: password + one-time code is only allowed after one.
    add column cps_first_sign_in_at  timestamptz,
    -- Failed password or code attempts in a row, locks so far (for the doubling backoff), lock end.
    add column failed_attempts       integer not null default 0,
    add column lockouts              integer not null default 0,
    add column locked_until          timestamptz;

create index account_status on account (status);
