-- Which shop platform fulfillment each tracking number came from, so a status change of the
-- shipment can be written back to that fulfillment. Kept by the connector, not on the shipment:
-- it is the platform's id, meaningless to the rest of Waybill.
CREATE TABLE shopify_fulfillments (
    connection_id    uuid          NOT NULL REFERENCES store_connections (id) ON DELETE CASCADE,
    -- As Waybill stores tracking numbers: upper case, without spaces.
    tracking_number  varchar(64)   NOT NULL,
    fulfillment_id   varchar(100)  NOT NULL,
    order_id         varchar(100),
    created_at       timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (connection_id, tracking_number)
);

-- Status changes to write back to a shop platform, one row per change (shipment and sequence),
-- taken from the outbox in the fan-out's transaction so a change is queued exactly once. Leased
-- with SKIP LOCKED by any pod; retried with backoff; DEAD rows wait for an admin's retry.
CREATE TABLE connector_writebacks (
    id               uuid          PRIMARY KEY,
    connection_id    uuid          NOT NULL REFERENCES store_connections (id) ON DELETE CASCADE,
    store_id         uuid          NOT NULL,
    kind             varchar(32)   NOT NULL,
    shipment_id      uuid          NOT NULL,
    sequence         bigint        NOT NULL,
    -- The platform object written to (a Shopify fulfillment id).
    target_id        varchar(100)  NOT NULL,
    status           varchar(32)   NOT NULL,
    platform_status  varchar(32)   NOT NULL,
    happened_at      timestamptz   NOT NULL,
    state            varchar(16)   NOT NULL DEFAULT 'PENDING',
    attempts         integer       NOT NULL DEFAULT 0,
    due_at           timestamptz   NOT NULL DEFAULT now(),
    claimed_until    timestamptz,
    last_error       varchar(1000),
    last_error_at    timestamptz,
    -- What the platform named the written event (a Shopify FulfillmentEvent id).
    external_id      varchar(100),
    sent_at          timestamptz,
    created_at       timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT connector_writebacks_once UNIQUE (kind, shipment_id, sequence)
);
CREATE INDEX connector_writebacks_due ON connector_writebacks (due_at) WHERE state = 'PENDING';
CREATE INDEX connector_writebacks_connection ON connector_writebacks (connection_id, state);

-- Shopify's customers/data_request: what Waybill held of the shopper when it arrived, for the
-- store's admin to send on. The export is built when the request is read, from the orders still
-- held, so an erasure since then is honoured.
CREATE TABLE connector_data_requests (
    id               uuid          PRIMARY KEY,
    connection_id    uuid          NOT NULL REFERENCES store_connections (id) ON DELETE CASCADE,
    store_id         uuid          NOT NULL,
    kind             varchar(32)   NOT NULL,
    -- The platform's id of the request (Shopify's data_request.id), so a repeat is stored once.
    external_id      varchar(100)  NOT NULL,
    customer_email   varchar(320),
    customer_phone   varchar(40),
    -- The platform's order ids it named, as a JSON array.
    orders_requested text          NOT NULL DEFAULT '[]',
    received_at      timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT connector_data_requests_once UNIQUE (connection_id, external_id)
);
CREATE INDEX connector_data_requests_store ON connector_data_requests (store_id, received_at);
