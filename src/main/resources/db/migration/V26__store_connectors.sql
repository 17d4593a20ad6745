-- A store's connection to its shop platform (Shopify, WooCommerce): what identifies the shop,
-- the credentials it gave (each sealed by CredentialVault under its own context, never in plain
-- text), its state, and how far the import of past orders got.
CREATE TABLE store_connections (
    id                      uuid          PRIMARY KEY,
    store_id                uuid          NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    kind                    varchar(32)   NOT NULL,
    -- What the platform's webhooks name the shop by (shop domain, site URL), lower case.
    external_key            varchar(255)  NOT NULL,
    -- Settings that are not secret, as a JSON object (e.g. {"shopDomain": "…"}).
    settings                text          NOT NULL DEFAULT '{}',
    -- Field name to sealed value, as a JSON object.
    credentials             text          NOT NULL DEFAULT '{}',
    state                   varchar(16)   NOT NULL,
    write_back              boolean       NOT NULL DEFAULT false,
    connected_at            timestamptz   NOT NULL,
    disconnected_at         timestamptz,
    disconnect_reason       varchar(200),
    last_event_at           timestamptz,
    events_received         bigint        NOT NULL DEFAULT 0,
    last_error              varchar(1000),
    last_error_at           timestamptz,
    backfill_state          varchar(16)   NOT NULL DEFAULT 'NONE',
    backfill_since          timestamptz,
    backfill_cursor         text,
    backfill_imported       integer       NOT NULL DEFAULT 0,
    backfill_started_at     timestamptz,
    backfill_finished_at    timestamptz,
    backfill_claimed_until  timestamptz,
    backfill_attempts       integer       NOT NULL DEFAULT 0,
    created_at              timestamptz   NOT NULL DEFAULT now(),
    updated_at              timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT store_connections_one_per_kind UNIQUE (store_id, kind)
);
-- A shop feeds one store at a time (until an admin disconnects it): its signed webhooks can never
-- reach another. An uninstalled app keeps its webhook secret so the privacy webhooks that follow
-- still verify.
CREATE UNIQUE INDEX store_connections_shop ON store_connections (kind, external_key)
    WHERE state <> 'DISCONNECTED';
CREATE INDEX store_connections_backfill ON store_connections (backfill_claimed_until)
    WHERE backfill_state IN ('PENDING', 'RUNNING');

-- The newest version of each platform order applied, so a late or retried webhook carrying an
-- older updated_at changes nothing.
CREATE TABLE connector_orders (
    connection_id  uuid          NOT NULL REFERENCES store_connections (id) ON DELETE CASCADE,
    external_id    varchar(64)   NOT NULL,
    order_number   varchar(64)   NOT NULL,
    updated_at     timestamptz   NOT NULL,
    applied_at     timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (connection_id, external_id)
);

-- The webhook inbox takes store platforms' webhooks as well as carrier pushes: a store's entries
-- name the store and the topic, and a payload no handler can read is parked (claimed_until
-- 'infinity') until it is replayed.
ALTER TABLE webhook_inbox
    ADD COLUMN store_id  uuid,
    ADD COLUMN topic     varchar(64);
CREATE INDEX webhook_inbox_store ON webhook_inbox (store_id, source) WHERE processed_at IS NULL;
