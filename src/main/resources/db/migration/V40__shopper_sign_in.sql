-- A shopper signs in by email to see every order they placed with a store. The email carries a
-- link and a short code for the same sign-in; either one, used once, opens a short session. Only
-- hashes of the link, the code and the session token are kept, beside the hash of the email.
CREATE TABLE shopper_sign_ins (
    id           uuid         PRIMARY KEY,
    store_id     uuid         NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    email_hash   varchar(64)  NOT NULL,
    link_hash    varchar(64)  NOT NULL,
    code_hash    varchar(64)  NOT NULL,
    failures     integer      NOT NULL DEFAULT 0,
    created_at   timestamptz  NOT NULL DEFAULT now(),
    expires_at   timestamptz  NOT NULL,
    used_at      timestamptz
);
CREATE UNIQUE INDEX shopper_sign_ins_link ON shopper_sign_ins (link_hash);
CREATE INDEX shopper_sign_ins_email ON shopper_sign_ins (store_id, email_hash, created_at DESC);
CREATE INDEX shopper_sign_ins_expiry ON shopper_sign_ins (expires_at);

CREATE TABLE shopper_sessions (
    token_hash   varchar(64)  PRIMARY KEY,
    store_id     uuid         NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    email_hash   varchar(64)  NOT NULL,
    created_at   timestamptz  NOT NULL DEFAULT now(),
    expires_at   timestamptz  NOT NULL
);
CREATE INDEX shopper_sessions_email ON shopper_sessions (store_id, email_hash);
CREATE INDEX shopper_sessions_expiry ON shopper_sessions (expires_at);

-- A signed-in shopper's orders are found by the hash of their email, as lookups compare it. The
-- database's encoding never changes, so the hash of a text is fixed: IMMUTABLE lets it be indexed.
CREATE FUNCTION shopper_email_hash(email text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT encode(sha256(convert_to(lower(email), 'UTF8')), 'hex') $$;
CREATE INDEX orders_store_email_hash ON orders (store_id, shopper_email_hash(customer_email));
