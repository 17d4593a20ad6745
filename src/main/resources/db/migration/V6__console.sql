-- Support agents who sign in to the console, and the stores each may see.
CREATE TABLE agents (
    id             uuid PRIMARY KEY,
    email          varchar(254)  NOT NULL,
    name           varchar(200)  NOT NULL,
    -- PBKDF2-HMAC-SHA256: "pbkdf2-sha256$<iterations>$<salt>$<hash>", base64.
    password_hash  varchar(200)  NOT NULL,
    role           varchar(16)   NOT NULL,
    created_at     timestamptz   NOT NULL DEFAULT now(),
    updated_at     timestamptz   NOT NULL DEFAULT now(),
    disabled_at    timestamptz
);
CREATE UNIQUE INDEX agents_email ON agents (lower(email));

CREATE TABLE agent_stores (
    agent_id   uuid  NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    store_id   uuid  NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    PRIMARY KEY (agent_id, store_id)
);
CREATE INDEX agent_stores_store ON agent_stores (store_id);

-- The console's watchlist reads problem shipments per store.
CREATE INDEX shipments_store_status ON shipments (store_id, status);
