-- Which triggers a store sends on which channel. A missing row means the built-in default.
CREATE TABLE notification_preferences (
    store_id    uuid         NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    trigger     varchar(32)  NOT NULL,
    email       boolean      NOT NULL,
    sms         boolean      NOT NULL,
    updated_at  timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (store_id, trigger)
);

-- One row per message Waybill means to send: the notification log and the send queue at once.
-- subject_id is the shipment for shipment triggers and the order for order triggers, so the
-- unique constraint allows at most one message per (shipment, trigger, channel) whatever repeats.
CREATE TABLE notifications (
    id                 uuid PRIMARY KEY,
    store_id           uuid          NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    order_id           uuid          NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    shipment_id        uuid          REFERENCES shipments (id) ON DELETE CASCADE,
    subject_id         uuid          NOT NULL,
    trigger            varchar(32)   NOT NULL,
    channel            varchar(8)    NOT NULL,
    -- The shipment's sequence at the change that caused it: a higher one supersedes a lower one.
    sequence           bigint        NOT NULL DEFAULT 0,
    -- The outbox event it came from: messages of one order go out in this order.
    outbox_id          bigint,
    status             varchar(16)   NOT NULL,
    reason             varchar(48),
    -- When the status changed (delay metric) and when the carrier scanned (freshness metric).
    changed_at         timestamptz   NOT NULL,
    scanned_at         timestamptz,
    created_at         timestamptz   NOT NULL DEFAULT now(),
    available_at       timestamptz   NOT NULL DEFAULT now(),
    attempts           integer       NOT NULL DEFAULT 0,
    claimed_by         varchar(64),
    claimed_until      timestamptz,
    recipient          varchar(254),
    subject            varchar(300),
    sent_at            timestamptz,
    deferred_until     timestamptz,
    last_error         varchar(1000),
    provider_id        varchar(200),
    CONSTRAINT notifications_once UNIQUE (subject_id, trigger, channel)
);
CREATE INDEX notifications_due ON notifications (available_at) WHERE status = 'PENDING';
-- Every milestone looks for unsent earlier ones of its shipment to supersede.
CREATE INDEX notifications_pending_shipment ON notifications (shipment_id) WHERE status = 'PENDING';
CREATE INDEX notifications_order ON notifications (order_id, created_at);
CREATE INDEX notifications_dead ON notifications (store_id, created_at) WHERE status = 'DEAD';

-- Shoppers who followed an unsubscribe link: per store, channel and address (hashed).
CREATE TABLE notification_optouts (
    store_id      uuid          NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    channel       varchar(8)    NOT NULL,
    address_hash  varchar(64)   NOT NULL,
    order_id      uuid,
    created_at    timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (store_id, channel, address_hash)
);
-- The dispatcher checks a batch's addresses at once, across stores.
CREATE INDEX notification_optouts_address ON notification_optouts (address_hash);

-- Merchant webhook endpoints. Two secrets are valid during a rotation; both sign each delivery.
CREATE TABLE webhook_endpoints (
    id                    uuid PRIMARY KEY,
    store_id              uuid           NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    url                   varchar(2048)  NOT NULL,
    description           varchar(200),
    event_types           varchar(500)   NOT NULL,
    secret                varchar(100)   NOT NULL,
    previous_secret       varchar(100),
    previous_expires_at   timestamptz,
    -- A rotation repeated within a minute (a retried request) returns this one's secret.
    rotated_at            timestamptz,
    enabled               boolean        NOT NULL DEFAULT true,
    disabled_at           timestamptz,
    disabled_reason       varchar(500),
    consecutive_failures  integer        NOT NULL DEFAULT 0,
    created_at            timestamptz    NOT NULL DEFAULT now(),
    updated_at            timestamptz    NOT NULL DEFAULT now()
);
CREATE INDEX webhook_endpoints_store ON webhook_endpoints (store_id);

-- One delivery per (endpoint, event); a replay resets it rather than adding another.
CREATE TABLE webhook_deliveries (
    id              uuid PRIMARY KEY,
    endpoint_id     uuid           NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    store_id        uuid           NOT NULL,
    outbox_id       bigint         NOT NULL,
    status          varchar(16)    NOT NULL,
    attempts        integer        NOT NULL DEFAULT 0,
    available_at    timestamptz    NOT NULL DEFAULT now(),
    claimed_by      varchar(64),
    claimed_until   timestamptz,
    created_at      timestamptz    NOT NULL DEFAULT now(),
    delivered_at    timestamptz,
    last_status     integer,
    last_error      varchar(1000),
    CONSTRAINT webhook_deliveries_once UNIQUE (endpoint_id, outbox_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (available_at) WHERE status = 'PENDING';

-- Outbox rows are read in order per store for replays, and the unprocessed ones in id order by
-- the dispatcher, however many processed rows the table keeps.
CREATE INDEX outbox_store ON outbox (store_id, id);
CREATE INDEX outbox_unprocessed ON outbox (id) WHERE processed_at IS NULL;

-- Events written before notifications existed are history, not news: nobody is told about them.
UPDATE outbox SET processed_at = now() WHERE processed_at IS NULL;
