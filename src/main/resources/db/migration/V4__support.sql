-- A store can serve its lookup page on its own host name, e.g. track.example.com.
ALTER TABLE stores ADD COLUMN tracking_domain varchar(253);
CREATE UNIQUE INDEX stores_tracking_domain ON stores (tracking_domain) WHERE tracking_domain IS NOT NULL;

-- Shoppers' requests for help, opened from the tracking page or by support through the API.
CREATE TABLE support_cases (
    id               uuid PRIMARY KEY,
    store_id         uuid          NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    reference        varchar(16)   NOT NULL,
    order_id         uuid          NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    shipment_id      uuid          REFERENCES shipments (id) ON DELETE SET NULL,
    type             varchar(32)   NOT NULL,
    status           varchar(32)   NOT NULL,
    message          varchar(4000) NOT NULL,
    contact_channel  varchar(16)   NOT NULL,
    contact_email    varchar(254),
    contact_phone    varchar(32),
    locale           varchar(16),
    -- The order and parcel as the shopper saw them when asking, as JSON; never queried in SQL.
    context          text          NOT NULL,
    source           varchar(16)   NOT NULL,
    -- The form's one-time id, so a double submit or a retried POST opens one case, not two.
    submission_id    varchar(64),
    assignee         varchar(200),
    created_at       timestamptz   NOT NULL DEFAULT now(),
    updated_at       timestamptz   NOT NULL DEFAULT now(),
    resolved_at      timestamptz,
    CONSTRAINT support_cases_reference UNIQUE (store_id, reference),
    CONSTRAINT support_cases_submission UNIQUE (store_id, submission_id)
);
CREATE INDEX support_cases_store_created ON support_cases (store_id, created_at DESC, id DESC);
CREATE INDEX support_cases_order ON support_cases (order_id);

CREATE TABLE support_case_notes (
    id               uuid PRIMARY KEY,
    case_id          uuid          NOT NULL REFERENCES support_cases (id) ON DELETE CASCADE,
    author           varchar(200)  NOT NULL,
    body             varchar(4000) NOT NULL,
    -- A status change made together with the note, for the case's history.
    status_from      varchar(32),
    status_to        varchar(32),
    idempotency_key  varchar(200),
    created_at       timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT support_case_notes_once UNIQUE (case_id, idempotency_key)
);
CREATE INDEX support_case_notes_case ON support_case_notes (case_id, created_at);
