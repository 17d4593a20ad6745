-- The quantile levels each store's promise model reads its dates at, fitted on a held-out recent
-- slice of its own history so that the dates cover their nominal shares (see Calibration).
CREATE TABLE promise_calibrations (
    store_id        uuid              PRIMARY KEY REFERENCES stores (id) ON DELETE CASCADE,
    p10_level       double precision  NOT NULL,
    p50_level       double precision  NOT NULL,
    p90_level       double precision  NOT NULL,
    p95_level       double precision  NOT NULL,
    -- Held-out parcels the levels were fitted on; 0 when there were too few and the nominal
    -- levels are used.
    samples         bigint            NOT NULL,
    slice_start     date              NOT NULL,
    slice_end       date              NOT NULL,
    calibrated_at   timestamptz       NOT NULL DEFAULT now()
);

-- The calibration reads the recent deliveries of one store.
CREATE INDEX delivery_history_store_delivery_date ON delivery_history (store_id, delivery_date);
