-- A store's help desk (Zendesk or Gorgias), where each support case becomes a ticket. One per store;
-- the API token is sealed by the credential vault, bound to the store and the kind.
CREATE TABLE store_helpdesks (
    store_id      uuid          PRIMARY KEY REFERENCES stores (id) ON DELETE CASCADE,
    kind          varchar(16)   NOT NULL CHECK (kind IN ('zendesk', 'gorgias')),
    -- The account's subdomain: <subdomain>.zendesk.com or <subdomain>.gorgias.com.
    subdomain     varchar(63)   NOT NULL,
    email         varchar(254)  NOT NULL,
    api_token     text          NOT NULL,
    tags          text[]        NOT NULL DEFAULT '{}',
    created_at    timestamptz   NOT NULL DEFAULT now(),
    updated_at    timestamptz   NOT NULL DEFAULT now()
);

-- One ticket per support case, queued in the outbox fan-out's transaction and sent by any pod.
CREATE TABLE helpdesk_tickets (
    id             uuid          PRIMARY KEY,
    store_id       uuid          NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    kind           varchar(16)   NOT NULL,
    case_id        uuid          NOT NULL REFERENCES support_cases (id) ON DELETE CASCADE,
    reference      varchar(32)   NOT NULL,
    state          varchar(16)   NOT NULL DEFAULT 'PENDING',
    attempts       integer       NOT NULL DEFAULT 0,
    due_at         timestamptz   NOT NULL DEFAULT now(),
    claimed_until  timestamptz,
    last_error     varchar(1000),
    last_error_at  timestamptz,
    -- The help desk's id of the ticket, once it exists: a retry never creates a second one.
    ticket_id      varchar(100),
    ticket_url     varchar(500),
    sent_at        timestamptz,
    created_at     timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT helpdesk_tickets_once UNIQUE (case_id)
);
CREATE INDEX helpdesk_tickets_due ON helpdesk_tickets (due_at) WHERE state = 'PENDING';
CREATE INDEX helpdesk_tickets_store ON helpdesk_tickets (store_id, state);
