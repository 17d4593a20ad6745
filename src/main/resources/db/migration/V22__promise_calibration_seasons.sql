-- Quantile levels per season (NORMAL, PEAK): each season's levels are learned on its own parcels,
-- last year's carried forward until this year's arrive.
ALTER TABLE promise_calibrations ADD COLUMN season text NOT NULL DEFAULT 'NORMAL';
ALTER TABLE promise_calibrations DROP CONSTRAINT promise_calibrations_pkey;
ALTER TABLE promise_calibrations ADD PRIMARY KEY (store_id, season);
-- The slice columns now hold the recent window the levels were refitted on.
ALTER TABLE promise_calibrations RENAME COLUMN slice_start TO window_start;
ALTER TABLE promise_calibrations RENAME COLUMN slice_end TO window_end;

-- Last year's parcels of the coming weeks are read by ship date.
CREATE INDEX delivery_history_store_ship_date ON delivery_history (store_id, ship_date);
