-- Stores are the tenants: every other row belongs to exactly one store.
CREATE TABLE stores (
    id               uuid PRIMARY KEY,
    slug             varchar(64)  NOT NULL UNIQUE,
    name             varchar(200) NOT NULL,
    logo_url         varchar(2048),
    primary_color    varchar(7),
    accent_color     varchar(7),
    support_email    varchar(254),
    support_phone    varchar(32),
    support_url      varchar(2048),
    custom_message   varchar(1000),
    default_locale   varchar(16)  NOT NULL DEFAULT 'en',
    time_zone        varchar(64)  NOT NULL DEFAULT 'UTC',
    created_at       timestamptz  NOT NULL DEFAULT now(),
    updated_at       timestamptz  NOT NULL DEFAULT now()
);

-- Only a SHA-256 of each key is kept; the prefix lets people recognise a key in lists and logs.
CREATE TABLE api_keys (
    id            uuid PRIMARY KEY,
    store_id      uuid         NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    name          varchar(100),
    prefix        varchar(32)  NOT NULL,
    secret_hash   varchar(64)  NOT NULL UNIQUE,
    scopes        varchar(200) NOT NULL,
    created_at    timestamptz  NOT NULL DEFAULT now(),
    last_used_at  timestamptz,
    revoked_at    timestamptz
);
CREATE INDEX api_keys_store ON api_keys (store_id);

CREATE TABLE orders (
    id                  uuid PRIMARY KEY,
    store_id            uuid         NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    order_number        varchar(64)  NOT NULL,
    customer_name       varchar(200) NOT NULL,
    customer_email      varchar(254) NOT NULL,
    customer_phone      varchar(32),
    locale              varchar(16),
    time_zone           varchar(64),
    notify_email        boolean      NOT NULL DEFAULT true,
    notify_sms          boolean      NOT NULL DEFAULT false,
    -- JSON array of {name, sku, quantity, imageUrl}; never queried in SQL.
    items               text         NOT NULL,
    ship_name           varchar(200),
    ship_line1          varchar(200),
    ship_line2          varchar(200),
    ship_city           varchar(100),
    ship_region         varchar(100),
    ship_postal_code    varchar(20)  NOT NULL,
    ship_country        char(2)      NOT NULL,
    status              varchar(32)  NOT NULL,
    placed_at           timestamptz  NOT NULL,
    created_at          timestamptz  NOT NULL DEFAULT now(),
    updated_at          timestamptz  NOT NULL DEFAULT now(),
    -- Bumped by every change to the order, its shipments or their events; guards the cache.
    revision            bigint       NOT NULL DEFAULT 1,
    -- Bumped to revoke every tracking link issued so far.
    token_version       integer      NOT NULL DEFAULT 1,
    CONSTRAINT orders_number_per_store UNIQUE (store_id, order_number)
);
CREATE INDEX orders_store_placed ON orders (store_id, placed_at DESC, id DESC);
CREATE INDEX orders_store_status ON orders (store_id, status, placed_at DESC);
CREATE INDEX orders_store_email ON orders (store_id, lower(customer_email));

CREATE TABLE shipments (
    id                        uuid PRIMARY KEY,
    order_id                  uuid         NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    store_id                  uuid         NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    carrier_code              varchar(32)  NOT NULL,
    tracking_number           varchar(64)  NOT NULL,
    service_level             varchar(100),
    origin_city               varchar(100),
    origin_region             varchar(100),
    origin_postal_code        varchar(20),
    origin_country            char(2),
    destination_city          varchar(100),
    destination_region        varchar(100),
    destination_postal_code   varchar(20),
    destination_country       char(2),
    status                    varchar(32)  NOT NULL,
    status_detail             varchar(500),
    exception_reason          varchar(48),
    carrier_estimated_delivery date,
    promised_delivery         date,
    delivery_window_start     timestamptz,
    delivery_window_end       timestamptz,
    shipped_at                timestamptz,
    delivered_at              timestamptz,
    last_event_at             timestamptz,
    next_poll_at              timestamptz,
    created_at                timestamptz  NOT NULL DEFAULT now(),
    updated_at                timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT shipments_tracking_per_store UNIQUE (store_id, carrier_code, tracking_number)
);
CREATE INDEX shipments_order ON shipments (order_id);
CREATE INDEX shipments_due ON shipments (next_poll_at) WHERE next_poll_at IS NOT NULL;

CREATE TABLE tracking_events (
    id                 uuid PRIMARY KEY,
    shipment_id        uuid          NOT NULL REFERENCES shipments (id) ON DELETE CASCADE,
    occurred_at        timestamptz   NOT NULL,
    -- The carrier's own UTC offset, so local times can be shown as the carrier reported them.
    occurred_offset    varchar(6),
    status             varchar(32)   NOT NULL,
    exception_reason   varchar(48),
    carrier_code       varchar(64),
    description        varchar(500),
    city               varchar(100),
    region             varchar(100),
    postal_code        varchar(20),
    country            char(2),
    source             varchar(16)   NOT NULL,
    dedupe_key         varchar(128)  NOT NULL,
    recorded_at        timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT tracking_events_dedupe UNIQUE (shipment_id, dedupe_key)
);
CREATE INDEX tracking_events_shipment_time ON tracking_events (shipment_id, occurred_at DESC);

-- Remembers the response to each Idempotency-Key so that a retried request returns it again.
CREATE TABLE idempotency_keys (
    store_id        uuid          NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    idem_key        varchar(255)  NOT NULL,
    request_hash    varchar(64)   NOT NULL,
    status_code     integer       NOT NULL,
    response_body   text          NOT NULL,
    created_at      timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (store_id, idem_key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
