-- A store's own accounts at tracking aggregators (EasyPost, AfterShip, 17TRACK). The API key and
-- the webhook secret are sealed by CredentialVault, bound to the store, the aggregator and the field;
-- only a hint of the key (its last four characters) is kept in the clear.
CREATE TABLE store_aggregators (
    store_id        uuid         NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    aggregator      varchar(16)  NOT NULL,
    api_key         text         NOT NULL,
    api_key_hint    varchar(8),
    webhook_secret  text,
    created_at      timestamptz  NOT NULL DEFAULT now(),
    updated_at      timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (store_id, aggregator)
);

-- One registration per shipment at the aggregator its store names, made at most once (the unique
-- shipment) and retried with backoff until the aggregator accepts it. due_at is both the lease and
-- the time a failed registration is tried again. A number the aggregator refuses (invalid, a carrier
-- it doesn't track) or that keeps failing is given up, with the reason.
CREATE TABLE aggregator_registrations (
    id               uuid          PRIMARY KEY,
    shipment_id      uuid          NOT NULL REFERENCES shipments (id) ON DELETE CASCADE,
    store_id         uuid          NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    aggregator       varchar(16)   NOT NULL,
    carrier_code     varchar(32)   NOT NULL,
    tracking_number  varchar(64)   NOT NULL,
    external_id      varchar(100),
    attempts         integer       NOT NULL DEFAULT 0,
    due_at           timestamptz,
    registered_at    timestamptz,
    gave_up_at       timestamptz,
    last_error       varchar(1000),
    created_at       timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT aggregator_registrations_once UNIQUE (shipment_id)
);
CREATE INDEX aggregator_registrations_pending ON aggregator_registrations (created_at)
    WHERE registered_at IS NULL AND gave_up_at IS NULL;

-- A push to a store's own endpoint (/webhooks/{source}/{store}) was verified with that store's
-- secret and only ever updates that store's shipments.
ALTER TABLE webhook_inbox ADD COLUMN IF NOT EXISTS store_id uuid;
