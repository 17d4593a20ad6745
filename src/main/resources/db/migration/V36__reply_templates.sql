-- A store's own wording of the replies to common shipping questions, per template and language.
-- Without a row, the default in that language applies.
CREATE TABLE reply_templates (
    store_id    uuid          NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    template    varchar(40)   NOT NULL,
    lang        varchar(8)    NOT NULL,
    subject     varchar(300)  NOT NULL,
    body        text          NOT NULL,
    updated_by  varchar(300)  NOT NULL,
    updated_at  timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (store_id, template, lang)
);
