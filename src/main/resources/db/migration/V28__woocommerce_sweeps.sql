-- The safety sweep of each WooCommerce connection: WooCommerce never retries a failed webhook
-- delivery and disables a webhook after repeated failures, so the orders modified since the last
-- sweep are listed through the REST API and whatever the webhooks missed is applied.
CREATE TABLE woocommerce_sweeps (
    connection_id         uuid          PRIMARY KEY REFERENCES store_connections (id) ON DELETE CASCADE,
    store_id              uuid          NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    -- Orders modified before this were listed by an earlier sweep.
    swept_until           timestamptz   NOT NULL,
    -- The running sweep lists orders modified up to here, from page next_page on.
    run_until             timestamptz,
    next_page             integer       NOT NULL DEFAULT 1,
    run_found             integer       NOT NULL DEFAULT 0,
    due_at                timestamptz   NOT NULL,
    claimed_until         timestamptz,
    last_swept_at         timestamptz,
    -- Orders the last finished sweep applied that no webhook had brought.
    last_found            integer       NOT NULL DEFAULT 0,
    total_found           bigint        NOT NULL DEFAULT 0,
    -- The site's webhooks to Waybill and their WooCommerce status, as far as the key can read them.
    webhooks              varchar(500),
    webhooks_checked_at   timestamptz,
    last_error            varchar(1000),
    last_error_at         timestamptz
);
CREATE INDEX woocommerce_sweeps_due ON woocommerce_sweeps (due_at);
