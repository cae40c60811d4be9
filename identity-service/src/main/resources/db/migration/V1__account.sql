-- Accounts of the people who sign in (practitioners, administrators, guests).
create table account (
    id              uuid primary key,
    username        text not null unique,
    id_nat_ps       text unique,
    given_name      text not null,
    family_name     text not null,
    email           text,
    roles           text[] not null,
    establishments  text[] not null,
    status          text not null check (status in ('PENDING_APPROVAL', 'ACTIVE', 'SUSPENDED', 'REVOKED'))
);
