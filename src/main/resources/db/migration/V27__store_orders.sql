-- Orders that come from a shop platform can be cancelled there: a cancelled order is shown as such
-- and its shipments are no longer polled. A platform also names the carrier's tracking page,
-- kept as the shipment's carrier link.
ALTER TABLE orders ADD COLUMN cancelled_at timestamptz;
ALTER TABLE shipments ADD COLUMN carrier_link varchar(2048);
