-- Delivery promises: the store's fulfilment settings, its delivery history, the rollups the
-- promise model is read from, and every shipment's current estimate with the history of changes.

-- Business days from order to handover, and the local time after which an order counts as placed
-- on the next business day.
ALTER TABLE stores
    ADD COLUMN processing_days  integer     NOT NULL DEFAULT 1,
    ADD COLUMN order_cutoff     varchar(5)  NOT NULL DEFAULT '14:00';

-- Past deliveries, imported from CSV or taken from the store's delivered shipments. Rows are only
-- ever added; the rollups fold in rows with an id above their watermark.
CREATE TABLE delivery_history (
    id                       bigserial PRIMARY KEY,
    store_id                 uuid          NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    source                   varchar(16)   NOT NULL,
    -- The external id, a hash of the imported row, or the shipment id: re-imports add nothing.
    row_key                  varchar(120)  NOT NULL,
    carrier_code             varchar(32)   NOT NULL,
    service_level            varchar(100)  NOT NULL DEFAULT '',
    origin_postal_code       varchar(20),
    origin_country           char(2),
    origin_region            varchar(100),
    destination_postal_code  varchar(20),
    destination_country      char(2)       NOT NULL,
    destination_region       varchar(100),
    placed_at                timestamptz,
    shipped_at               timestamptz   NOT NULL,
    delivered_at             timestamptz   NOT NULL,
    -- Local days as the carrier's scans showed them (the timestamps' own offsets).
    ship_date                date          NOT NULL,
    delivery_date            date          NOT NULL,
    published_min_days       integer,
    published_max_days       integer,
    created_at               timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT delivery_history_once UNIQUE (store_id, row_key)
);
CREATE INDEX delivery_history_store_id ON delivery_history (store_id, id);

-- Deliveries counted per lane, season, pickup weekday and transit days: the model is loaded from
-- these, never from the history itself.
CREATE TABLE promise_rollups (
    store_id             uuid          NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    carrier_code         varchar(32)   NOT NULL,
    service_level        varchar(100)  NOT NULL,
    origin_region        varchar(110)  NOT NULL,
    destination_region   varchar(110)  NOT NULL,
    destination_country  char(2)       NOT NULL,
    season               varchar(8)    NOT NULL,
    pickup_weekday       smallint      NOT NULL,
    transit_days         smallint      NOT NULL,
    deliveries           bigint        NOT NULL,
    PRIMARY KEY (store_id, carrier_code, service_level, origin_region, destination_region,
                 destination_country, season, pickup_weekday, transit_days)
);

-- The carriers and services a store ships with, where from, and their published ranges.
CREATE TABLE promise_services (
    store_id             uuid          NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    carrier_code         varchar(32)   NOT NULL,
    service_level        varchar(100)  NOT NULL,
    origin_region        varchar(110)  NOT NULL,
    origin_country       varchar(2)    NOT NULL,
    deliveries           bigint        NOT NULL,
    published_min_days   integer,
    published_max_days   integer,
    PRIMARY KEY (store_id, carrier_code, service_level, origin_region, origin_country)
);

CREATE TABLE promise_rollup_state (
    store_id             uuid          PRIMARY KEY REFERENCES stores (id) ON DELETE CASCADE,
    history_watermark    bigint        NOT NULL DEFAULT 0,
    shipments_watermark  timestamptz,
    rebuilt_at           timestamptz
);

-- Waybill's own estimate for each shipment, beside the carrier's.
ALTER TABLE shipments
    ADD COLUMN estimate_likely      date,
    ADD COLUMN estimate_earliest    date,
    ADD COLUMN estimate_latest      date,
    ADD COLUMN estimate_safe        date,
    ADD COLUMN estimate_level       varchar(8),
    ADD COLUMN estimate_confidence  varchar(8),
    ADD COLUMN estimate_samples     integer,
    ADD COLUMN estimate_updated_at  timestamptz;

-- Every change of a shipment's estimate, for audit.
CREATE TABLE shipment_estimate_changes (
    id                   uuid          PRIMARY KEY,
    shipment_id          uuid          NOT NULL REFERENCES shipments (id) ON DELETE CASCADE,
    store_id             uuid          NOT NULL,
    likely               date          NOT NULL,
    earliest             date          NOT NULL,
    latest               date          NOT NULL,
    safe                 date          NOT NULL,
    level                varchar(8)    NOT NULL,
    confidence           varchar(8)    NOT NULL,
    samples              integer       NOT NULL,
    carrier_estimate     date,
    status               varchar(32)   NOT NULL,
    computed_at          timestamptz   NOT NULL DEFAULT now()
);
CREATE INDEX shipment_estimate_changes_shipment ON shipment_estimate_changes (shipment_id, computed_at);
