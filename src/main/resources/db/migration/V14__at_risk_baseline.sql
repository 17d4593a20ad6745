-- The window end a delay message last told the shopper. A slipped window is judged against it,
-- not against the first estimate: once the shopper has the later date, a scan that keeps the
-- parcel on that date is back on track, and only a further slip starts a new episode.
ALTER TABLE shipments ADD COLUMN at_risk_baseline date;
