-- A carrier push carries the recipient's name, address and "signed by" text. Once applied, only
-- what recognises it again (source and id) is kept; the rest goes, and so does the row itself after
-- the carrier-push retention.
ALTER TABLE webhook_inbox ALTER COLUMN payload DROP NOT NULL;
UPDATE webhook_inbox SET payload = NULL WHERE processed_at IS NOT NULL;
CREATE INDEX webhook_inbox_received ON webhook_inbox (received_at);
