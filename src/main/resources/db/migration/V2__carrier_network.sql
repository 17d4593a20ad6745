-- Poller leases: a pod owns a shipment's poll until lease_until; an expired lease is fair game.
ALTER TABLE shipments
    ADD COLUMN lease_owner            varchar(64),
    ADD COLUMN lease_until            timestamptz,
    ADD COLUMN poll_failures          integer      NOT NULL DEFAULT 0,
    ADD COLUMN last_polled_at         timestamptz,
    ADD COLUMN signed_by              varchar(200),
    ADD COLUMN proof_of_delivery_url  varchar(2048),
    -- Counts status changes; each outgoing event carries it so receivers can order and spot gaps.
    ADD COLUMN sequence               bigint       NOT NULL DEFAULT 0;

DROP INDEX shipments_due;
CREATE INDEX shipments_due ON shipments (next_poll_at) WHERE next_poll_at IS NOT NULL;
CREATE INDEX shipments_tracking ON shipments (carrier_code, tracking_number);

-- The carrier's own JSON for each event, for audit.
ALTER TABLE tracking_events ADD COLUMN raw text;

-- Every change of a shipment's status, in order.
CREATE TABLE status_changes (
    id            uuid PRIMARY KEY,
    shipment_id   uuid         NOT NULL REFERENCES shipments (id) ON DELETE CASCADE,
    store_id      uuid         NOT NULL,
    sequence      bigint       NOT NULL,
    from_status   varchar(32),
    to_status     varchar(32)  NOT NULL,
    reason        varchar(48),
    occurred_at   timestamptz  NOT NULL,
    source        varchar(16)  NOT NULL,
    recorded_at   timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT status_changes_sequence UNIQUE (shipment_id, sequence)
);

-- Transactional outbox: written in the same transaction as the change it announces.
CREATE TABLE outbox (
    id             bigserial PRIMARY KEY,
    store_id       uuid          NOT NULL,
    topic          varchar(64)   NOT NULL,
    aggregate_id   uuid          NOT NULL,
    sequence       bigint        NOT NULL,
    payload        text          NOT NULL,
    created_at     timestamptz   NOT NULL DEFAULT now(),
    available_at   timestamptz   NOT NULL DEFAULT now(),
    attempts       integer       NOT NULL DEFAULT 0,
    claimed_by     varchar(64),
    claimed_until  timestamptz,
    processed_at   timestamptz,
    last_error     varchar(1000)
);
CREATE INDEX outbox_pending ON outbox (available_at) WHERE processed_at IS NULL;

-- Carrier pushes, stored before they are acknowledged and processed afterwards.
CREATE TABLE webhook_inbox (
    id             uuid PRIMARY KEY,
    source         varchar(32)   NOT NULL,
    external_id    varchar(200)  NOT NULL,
    payload        text          NOT NULL,
    received_at    timestamptz   NOT NULL DEFAULT now(),
    attempts       integer       NOT NULL DEFAULT 0,
    claimed_until  timestamptz,
    processed_at   timestamptz,
    last_error     varchar(1000),
    CONSTRAINT webhook_inbox_once UNIQUE (source, external_id)
);
CREATE INDEX webhook_inbox_pending ON webhook_inbox (received_at) WHERE processed_at IS NULL;

-- Carrier codes with no mapping yet, so one can be added before shoppers see "unknown".
CREATE TABLE unknown_carrier_codes (
    carrier_code             varchar(32)   NOT NULL,
    code                     varchar(64)   NOT NULL,
    occurrences              bigint        NOT NULL DEFAULT 1,
    first_seen               timestamptz   NOT NULL DEFAULT now(),
    last_seen                timestamptz   NOT NULL DEFAULT now(),
    example_description      varchar(500),
    example_tracking_number  varchar(64),
    PRIMARY KEY (carrier_code, code)
);
