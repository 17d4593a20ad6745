-- A store's Klaviyo account: its private API key (sealed by the credential vault, never shown
-- again) and the shipment milestones it wants as Klaviyo events.
CREATE TABLE klaviyo_accounts (
    store_id         uuid          PRIMARY KEY REFERENCES stores (id) ON DELETE CASCADE,
    private_key      text          NOT NULL,
    -- The last four characters, so the admin can tell which key is stored.
    key_hint         varchar(8),
    -- The milestones sent, as a comma-framed list (",SHIPPED,DELIVERED,") for a LIKE-free
    -- position() test in the fan-out's one query.
    milestones       varchar(200)  NOT NULL,
    created_at       timestamptz   NOT NULL DEFAULT now(),
    updated_at       timestamptz   NOT NULL DEFAULT now()
);

-- Milestones to send to Klaviyo, one row per milestone of a shipment, queued from the outbox in
-- the fan-out's transaction so each is queued exactly once. No personal data is kept here: the
-- event is built from the order when it is sent, so an erasure since then is honoured. Leased with
-- SKIP LOCKED by any pod; retried with backoff; DEAD rows wait for an admin's retry.
CREATE TABLE klaviyo_events (
    id               uuid          PRIMARY KEY,
    store_id         uuid          NOT NULL REFERENCES klaviyo_accounts (store_id)
                                   ON DELETE CASCADE,
    outbox_id        bigint        NOT NULL,
    milestone        varchar(32)   NOT NULL,
    shipment_id      uuid          NOT NULL,
    order_id         uuid          NOT NULL,
    -- The status the milestone reports and its reason (exception or delay), as they were then;
    -- a delay carries no status of its own.
    status           varchar(32),
    reason           varchar(64),
    happened_at      timestamptz   NOT NULL,
    -- Klaviyo's unique_id: the same milestone sent twice is recorded once.
    unique_id        varchar(200)  NOT NULL,
    state            varchar(16)   NOT NULL DEFAULT 'PENDING',
    attempts         integer       NOT NULL DEFAULT 0,
    due_at           timestamptz   NOT NULL DEFAULT now(),
    claimed_until    timestamptz,
    last_status      integer,
    last_error       varchar(1000),
    last_error_at    timestamptz,
    sent_at          timestamptz,
    created_at       timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT klaviyo_events_once UNIQUE (store_id, unique_id)
);
CREATE INDEX klaviyo_events_due ON klaviyo_events (due_at) WHERE state = 'PENDING';
CREATE INDEX klaviyo_events_shipment ON klaviyo_events (shipment_id, outbox_id)
    WHERE state = 'PENDING';
CREATE INDEX klaviyo_events_store ON klaviyo_events (store_id, state, created_at);
