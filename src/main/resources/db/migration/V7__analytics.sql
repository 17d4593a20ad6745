-- Delivery performance, summed per store, UTC day, carrier, service and destination. Each metric
-- is counted on its own day: shipment metrics on the day the parcel shipped (or was created, if
-- it never shipped), orders on the day they were placed, support cases on the day they opened.
-- Empty strings stand for "unknown" so the dimensions can be part of the primary key.
CREATE TABLE analytics_daily (
    store_id             uuid          NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    day                  date          NOT NULL,
    carrier              varchar(32)   NOT NULL,
    service              varchar(100)  NOT NULL,
    country              varchar(2)    NOT NULL,
    region               varchar(100)  NOT NULL,
    orders               integer       NOT NULL DEFAULT 0,
    wismo_cases          integer       NOT NULL DEFAULT 0,
    shipments            integer       NOT NULL DEFAULT 0,
    shipped              integer       NOT NULL DEFAULT 0,
    delivered            integer       NOT NULL DEFAULT 0,
    early                integer       NOT NULL DEFAULT 0,
    on_time              integer       NOT NULL DEFAULT 0,
    late                 integer       NOT NULL DEFAULT 0,
    no_promise           integer       NOT NULL DEFAULT 0,
    lost                 integer       NOT NULL DEFAULT 0,
    with_exception       integer       NOT NULL DEFAULT 0,
    exc_carrier          integer       NOT NULL DEFAULT 0,
    exc_consignee        integer       NOT NULL DEFAULT 0,
    exc_customs          integer       NOT NULL DEFAULT 0,
    exc_force_majeure    integer       NOT NULL DEFAULT 0,
    exc_retailer         integer       NOT NULL DEFAULT 0,
    exc_unknown          integer       NOT NULL DEFAULT 0,
    delay_scans          integer       NOT NULL DEFAULT 0,
    -- Order placed -> shipped, in hours: the sum for means, a histogram for percentiles.
    processing_hours     double precision NOT NULL DEFAULT 0,
    proc_0               integer NOT NULL DEFAULT 0, proc_1 integer NOT NULL DEFAULT 0,
    proc_2               integer NOT NULL DEFAULT 0, proc_3 integer NOT NULL DEFAULT 0,
    proc_4               integer NOT NULL DEFAULT 0, proc_5 integer NOT NULL DEFAULT 0,
    proc_6               integer NOT NULL DEFAULT 0, proc_7 integer NOT NULL DEFAULT 0,
    proc_8               integer NOT NULL DEFAULT 0,
    -- Shipped -> delivered, in hours, likewise.
    transit_hours        double precision NOT NULL DEFAULT 0,
    transit_0            integer NOT NULL DEFAULT 0, transit_1 integer NOT NULL DEFAULT 0,
    transit_2            integer NOT NULL DEFAULT 0, transit_3 integer NOT NULL DEFAULT 0,
    transit_4            integer NOT NULL DEFAULT 0, transit_5 integer NOT NULL DEFAULT 0,
    transit_6            integer NOT NULL DEFAULT 0, transit_7 integer NOT NULL DEFAULT 0,
    transit_8            integer NOT NULL DEFAULT 0, transit_9 integer NOT NULL DEFAULT 0,
    transit_10           integer NOT NULL DEFAULT 0, transit_11 integer NOT NULL DEFAULT 0,
    transit_12           integer NOT NULL DEFAULT 0,
    PRIMARY KEY (store_id, day, carrier, service, country, region)
);

-- Tracking-page views per store and UTC day, copied from the Redis counters.
CREATE TABLE analytics_page_views (
    store_id  uuid    NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    day       date    NOT NULL,
    views     bigint  NOT NULL,
    PRIMARY KEY (store_id, day)
);

-- How far the rollup job has read: rows updated after the watermark are looked at again.
CREATE TABLE analytics_state (
    id            smallint     PRIMARY KEY CHECK (id = 1),
    watermark     timestamptz  NOT NULL,
    refreshed_at  timestamptz
);
INSERT INTO analytics_state (id, watermark) VALUES (1, '1970-01-01T00:00:00Z');

-- What changed since the watermark, and each day's shipments, found without a full scan.
CREATE INDEX shipments_updated ON shipments (updated_at);
CREATE INDEX shipments_store_cohort ON shipments (store_id, (COALESCE(shipped_at, created_at)));
CREATE INDEX shipments_in_flight_shipped ON shipments (shipped_at)
    WHERE status NOT IN ('DELIVERED', 'RETURNED_TO_SENDER', 'EXPIRED');
CREATE INDEX orders_updated ON orders (updated_at);
CREATE INDEX support_cases_updated ON support_cases (updated_at);

-- The same sums per ISO week (day = its Monday), kept by the job from analytics_daily, so
-- queries over long periods read a seventh of the rows: full weeks from here, the days at either
-- end of the period from analytics_daily.
CREATE TABLE analytics_weekly (LIKE analytics_daily INCLUDING DEFAULTS INCLUDING CONSTRAINTS);
ALTER TABLE analytics_weekly
    ADD PRIMARY KEY (store_id, day, carrier, service, country, region),
    ADD FOREIGN KEY (store_id) REFERENCES stores (id) ON DELETE CASCADE;
