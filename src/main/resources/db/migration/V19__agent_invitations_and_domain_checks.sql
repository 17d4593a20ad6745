-- People join a store's console by invitation: the admin names the email, the person behind it
-- sets their own password (or, having an account, confirms with it). Only a SHA-256 of the link's
-- token is kept. Memberships made before invitations existed stay as they are.
CREATE TABLE agent_invitations (
    id           uuid          PRIMARY KEY,
    store_id     uuid          NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    email        varchar(254)  NOT NULL,
    name         varchar(200)  NOT NULL,
    role         varchar(16)   NOT NULL,
    token_hash   varchar(64)   NOT NULL,
    created_at   timestamptz   NOT NULL DEFAULT now(),
    sent_at      timestamptz   NOT NULL,
    expires_at   timestamptz   NOT NULL,
    accepted_at  timestamptz,
    revoked_at   timestamptz
);
CREATE UNIQUE INDEX agent_invitations_token ON agent_invitations (token_hash);
-- One open invitation per store and person: inviting again re-sends it.
CREATE UNIQUE INDEX agent_invitations_open ON agent_invitations (store_id, lower(email))
    WHERE accepted_at IS NULL AND revoked_at IS NULL;

-- A tracking domain serves a store's pages only once the store has shown it controls the domain.
-- Until then any number of stores may claim it; only one may hold it verified.
ALTER TABLE stores
    ADD COLUMN tracking_domain_token        varchar(64),
    ADD COLUMN tracking_domain_verified_at  timestamptz;
-- Domains set before the check existed stay live, so upgrading takes no store's pages down;
-- docs/security.md asks operators to review them.
UPDATE stores SET tracking_domain_verified_at = now() WHERE tracking_domain IS NOT NULL;
DROP INDEX stores_tracking_domain;
CREATE UNIQUE INDEX stores_tracking_domain_verified ON stores (tracking_domain)
    WHERE tracking_domain IS NOT NULL AND tracking_domain_verified_at IS NOT NULL;
CREATE INDEX stores_tracking_domain ON stores (tracking_domain) WHERE tracking_domain IS NOT NULL;
