-- An agent's role and access are per store: an admin of one store manages that store's team
-- without touching the person's standing in another store. The account's role stays as the
-- default for stores it joins.
ALTER TABLE agent_stores
    ADD COLUMN role         varchar(16),
    ADD COLUMN disabled_at  timestamptz;
UPDATE agent_stores s SET role = a.role FROM agents a WHERE a.id = s.agent_id;
ALTER TABLE agent_stores ALTER COLUMN role SET NOT NULL;

-- "Dealt with" on a watchlist entry: holds while the shipment's status sequence is unchanged, so
-- the next carrier status change puts the shipment back on the list if it still needs watching.
CREATE TABLE watch_resolutions (
    shipment_id  uuid          PRIMARY KEY REFERENCES shipments (id) ON DELETE CASCADE,
    store_id     uuid          NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    sequence     bigint        NOT NULL,
    resolved_by  varchar(300)  NOT NULL,
    resolved_at  timestamptz   NOT NULL DEFAULT now()
);

-- Support's notes about a shipment, written from the watchlist or the order's story.
CREATE TABLE shipment_notes (
    id               uuid PRIMARY KEY,
    shipment_id      uuid          NOT NULL REFERENCES shipments (id) ON DELETE CASCADE,
    store_id         uuid          NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    author           varchar(300)  NOT NULL,
    body             varchar(4000) NOT NULL,
    -- The form's one-time id, so a double submit adds the note once.
    idempotency_key  varchar(200),
    created_at       timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT shipment_notes_once UNIQUE (shipment_id, idempotency_key)
);
CREATE INDEX shipment_notes_shipment ON shipment_notes (shipment_id, created_at);

-- Reminders to file a claim with the carrier before its claim window closes.
CREATE TABLE claim_reminders (
    id               uuid PRIMARY KEY,
    store_id         uuid          NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    shipment_id      uuid          NOT NULL REFERENCES shipments (id) ON DELETE CASCADE,
    carrier_code     varchar(32)   NOT NULL,
    -- OPEN until the claim is filed with the carrier (FILED) or dropped or settled (CLOSED).
    status           varchar(16)   NOT NULL,
    reason           varchar(500),
    file_by          date          NOT NULL,
    remind_on        date          NOT NULL,
    claim_reference  varchar(100),
    opened_by        varchar(300)  NOT NULL,
    created_at       timestamptz   NOT NULL DEFAULT now(),
    updated_at       timestamptz   NOT NULL DEFAULT now(),
    filed_at         timestamptz,
    closed_at        timestamptz
);
-- At most one live reminder per shipment: opening it again finds the same one.
CREATE UNIQUE INDEX claim_reminders_live ON claim_reminders (shipment_id) WHERE status <> 'CLOSED';
CREATE INDEX claim_reminders_due ON claim_reminders (store_id, remind_on) WHERE status = 'OPEN';
