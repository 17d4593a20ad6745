-- Shipments that look late before anyone asks: since when, why, and which episode of lateness
-- (a parcel can fall behind, catch up and fall behind again; each episode is told once).
ALTER TABLE shipments
    ADD COLUMN at_risk_since    timestamptz,
    ADD COLUMN at_risk_reason   varchar(24),
    ADD COLUMN at_risk_episode  integer      NOT NULL DEFAULT 0;
CREATE INDEX shipments_at_risk ON shipments (store_id) WHERE at_risk_since IS NOT NULL;
CREATE INDEX shipments_moving ON shipments (store_id, status) WHERE delivered_at IS NULL;

-- The normal silence between two scans per lane: the 95th percentile of the gaps between
-- consecutive scans of the store's recently delivered shipments.
CREATE TABLE lane_scan_gaps (
    store_id       uuid          NOT NULL,
    carrier_code   varchar(32)   NOT NULL,
    service_level  varchar(100)  NOT NULL,
    p95_minutes    integer       NOT NULL,
    samples        integer       NOT NULL,
    computed_at    timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (store_id, carrier_code, service_level)
);
