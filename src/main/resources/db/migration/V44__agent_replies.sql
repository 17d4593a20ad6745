-- A reply an agent sends to the shopper goes through the notification queue and log like every
-- other message; unlike them, its words are written by a person, so they are kept with it until
-- sent (and erased with the shopper's data). sent_by names the agent or key that sent it.
ALTER TABLE notifications ADD COLUMN content jsonb;
ALTER TABLE notifications ADD COLUMN sent_by varchar(254);
