-- Security and privacy under real traffic: per-store API rate limits, the origins allowed to embed
-- the store's shopper pages, and when an order's personal data was anonymized.

-- NULL means the platform default (waybill.rate-limit.*).
ALTER TABLE stores
    ADD COLUMN rate_limit_per_key     integer,
    ADD COLUMN rate_limit_per_ip      integer,
    ADD COLUMN rate_limit_window_s    integer,
    -- Space-separated https origins allowed as frame-ancestors of the store's pages.
    ADD COLUMN embed_origins          varchar(2000);

-- Set once the shopper's personal data is gone (retention or an erasure request); the row, its
-- statuses, dates, carrier, country and region stay for statistics.
ALTER TABLE orders ADD COLUMN anonymized_at timestamptz;
-- The retention job looks at delivered orders not yet anonymized, placed before its cut-off (an
-- order is placed before it is delivered).
CREATE INDEX orders_retention ON orders (placed_at) WHERE anonymized_at IS NULL AND status = 'DELIVERED';
ALTER TABLE support_cases ADD COLUMN anonymized_at timestamptz;
