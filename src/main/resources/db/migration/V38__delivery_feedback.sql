-- How the shopper rated a parcel's delivery: one row per shipment, the latest rating wins.
CREATE TABLE delivery_feedback (
    shipment_id uuid PRIMARY KEY REFERENCES shipments (id) ON DELETE CASCADE,
    store_id    uuid         NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    order_id    uuid         NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    rating      smallint     NOT NULL CHECK (rating BETWEEN 1 AND 5),
    comment     varchar(1000),
    source      varchar(16)  NOT NULL,
    revision    integer      NOT NULL DEFAULT 1,
    created_at  timestamptz  NOT NULL DEFAULT now(),
    updated_at  timestamptz  NOT NULL DEFAULT now()
);
CREATE INDEX delivery_feedback_order ON delivery_feedback (order_id);
CREATE INDEX delivery_feedback_store ON delivery_feedback (store_id, created_at);
