-- A year of delivery history for one store, straight into Postgres: :n shipments (one order
-- each, default run 1,000,000), five carriers with two services each, five destination countries
-- with their regions, processing and transit times with a slow tail, promises kept or missed,
-- exception scans by reason, lost parcels, "where is my order" cases and page views.
-- Deterministic: the same :seed gives the same history, relative to the day it runs.
-- Only the rows analytics reads are made; shipments carry no full scan history.
SELECT setseed(:seed);

INSERT INTO stores (id, slug, name, time_zone) VALUES (:'store_id', 'insights-bench', 'Insights Bench', 'America/New_York');

CREATE UNLOGGED TABLE gen AS
SELECT n,
       gen_random_uuid() AS order_id,
       gen_random_uuid() AS shipment_id,
       c.carrier, c.service, c.base_days,
       d.country, d.region, d.extra_days,
       placed, proc_hours, transit_days, fate, promise_kind
FROM (
  SELECT n,
         -- The year's orders, busier in the last weeks before the end of the year.
         now() - make_interval(secs => 365 * 86400 * power(random(), 1.05)) AS placed,
         1 + 60 * power(random(), 3) + CASE WHEN random() < 0.03 THEN 72 * random() ELSE 0 END AS proc_hours,
         random() AS r_carrier, random() AS r_dest, random() AS r_region,
         -- Mostly near the lane's norm, a long tail, a few outliers a week late.
         (random() + random() + random()) / 1.5 - 0.6
           + CASE WHEN random() < 0.04 THEN 3 + 5 * random() ELSE 0 END AS transit_days,
         random() AS fate,
         random() AS promise_kind
  FROM generate_series(1, :n) AS n
) g
JOIN LATERAL (
  SELECT * FROM (VALUES
    (0.00, 0.30, 'ups',   'ground',   4.0), (0.30, 0.38, 'ups',   'express',  1.8),
    (0.38, 0.55, 'fedex', 'ground',   3.6), (0.55, 0.62, 'fedex', 'priority', 1.6),
    (0.62, 0.82, 'usps',  'ground',   4.5), (0.82, 0.88, 'usps',  'priority', 2.6),
    (0.88, 0.95, 'dhl',   'parcel',   5.0), (0.95, 0.98, 'dhl',   'express',  2.2),
    (0.98, 0.995,'waybill-sim', 'standard', 3.0), (0.995, 1.01, 'waybill-sim', 'express', 1.5)
  ) AS t (lo, hi, carrier, service, base_days) WHERE g.r_carrier >= lo AND g.r_carrier < hi
) c ON true
JOIN LATERAL (
  SELECT * FROM (VALUES
    (0.00, 0.70, 'US', ARRAY['CA','NY','TX','FL','IL','PA','OH','GA','NC','MI','NJ','VA','WA','AZ','MA','TN','IN','MO','MD','CO'], 0.0),
    (0.70, 0.80, 'CA', ARRAY['ON','QC','BC','AB','MB'], 1.5),
    (0.80, 0.88, 'GB', ARRAY['England','Scotland','Wales','Northern Ireland'], 3.0),
    (0.88, 0.95, 'DE', ARRAY['BE','BY','HH','NW','HE','BW'], 3.5),
    (0.95, 1.01, 'FR', ARRAY['IDF','ARA','PAC','OCC','NAQ'], 3.8)
  ) AS t (lo, hi, country, regions, extra_days) WHERE g.r_dest >= lo AND g.r_dest < hi
) d0 ON true
CROSS JOIN LATERAL (
  SELECT d0.country, d0.regions[1 + floor(power(g.r_region, 1.6) * array_length(d0.regions, 1))::int] AS region,
         d0.extra_days
) d;

CREATE INDEX gen_n ON gen (n);
ANALYZE gen;

INSERT INTO orders (id, store_id, order_number, customer_name, customer_email, items,
                    ship_region, ship_postal_code, ship_country, status, placed_at, created_at, updated_at)
SELECT order_id, :'store_id', 'H-' || n, 'Shopper ' || n, 'h' || n || '@example.com',
       '[{"name":"Item","quantity":1}]', region, '10001', country, 'SHIPPED', placed, placed, placed
FROM gen;

INSERT INTO shipments (id, order_id, store_id, carrier_code, tracking_number, service_level,
                       destination_region, destination_country, status, exception_reason,
                       promised_delivery, carrier_estimated_delivery, shipped_at, delivered_at,
                       last_event_at, created_at, updated_at)
SELECT shipment_id, order_id, :'store_id', carrier, 'HB' || n, service, region, country,
       CASE WHEN fate < 0.004 THEN 'EXPIRED'
            WHEN fate < 0.008 THEN 'EXCEPTION'
            WHEN fate < 0.012 THEN 'RETURNED_TO_SENDER'
            WHEN shipped + delivered_after > now() THEN 'IN_TRANSIT'
            ELSE 'DELIVERED' END,
       CASE WHEN fate < 0.004 THEN NULL WHEN fate < 0.008 THEN 'CARRIER_LOST' END,
       -- Most stores promise the lane's usual time plus a day; some parcels have only the
       -- carrier's estimate, a few neither.
       CASE WHEN promise_kind < 0.80 THEN ((shipped + make_interval(secs => 86400 * (base_days + extra_days + 1.0))) AT TIME ZONE 'America/New_York')::date END,
       CASE WHEN promise_kind >= 0.80 AND promise_kind < 0.95 THEN ((shipped + make_interval(secs => 86400 * (base_days + extra_days + 0.5))) AT TIME ZONE 'America/New_York')::date END,
       shipped,
       CASE WHEN fate >= 0.012 AND shipped + delivered_after <= now() THEN shipped + delivered_after END,
       LEAST(now(), shipped + delivered_after),
       shipped, LEAST(now(), shipped + delivered_after)
FROM (
  SELECT *, placed + make_interval(secs => 3600 * proc_hours) AS shipped,
         make_interval(secs => 86400 * GREATEST(0.3, base_days + extra_days + transit_days)) AS delivered_after
  FROM gen
) x;

-- Exception and delay scans on about 8% of parcels; a few have two.
INSERT INTO tracking_events (id, shipment_id, occurred_at, status, exception_reason, source, dedupe_key)
SELECT gen_random_uuid(), s.id, s.shipped_at + interval '1 day',
       CASE WHEN r < 0.5 THEN 'IN_TRANSIT' ELSE 'EXCEPTION' END,
       (ARRAY['CARRIER_CAPACITY_DELAY','CARRIER_SORTING_ERROR','CARRIER_DAMAGED','CONSIGNEE_NOT_HOME',
              'CONSIGNEE_ADDRESS_PROBLEM','CUSTOMS_HELD','CUSTOMS_DOCUMENTS_NEEDED',
              'FORCE_MAJEURE_WEATHER','RETAILER_DELAY','OTHER'])[1 + floor(power(r, 1.3) * 10)::int],
       'CARRIER', 'bench-' || k
FROM (SELECT id, shipped_at, random() AS r, random() AS pick FROM shipments WHERE store_id = :'store_id') s
CROSS JOIN LATERAL generate_series(1, CASE WHEN s.pick < 0.015 THEN 2 WHEN s.pick < 0.08 THEN 1 ELSE 0 END) AS k;

-- "Where is my order" and other cases from about 4% of orders, more often when late.
INSERT INTO support_cases (id, store_id, reference, order_id, shipment_id, type, status, message,
                           contact_channel, context, source, created_at, updated_at)
SELECT gen_random_uuid(), :'store_id', 'WB-' || upper(to_hex(n)), g.order_id, g.shipment_id,
       (ARRAY['NOT_RECEIVED','DELAYED','DELIVERED_NOT_RECEIVED','DAMAGED','WRONG_ADDRESS','OTHER'])[1 + floor(power(random(), 1.4) * 6)::int],
       'RESOLVED', 'Where is my parcel?', 'EMAIL', '{}', 'PAGE',
       g.placed + make_interval(secs => 86400 * (g.base_days + 2 + 4 * random())),
       g.placed + make_interval(secs => 86400 * (g.base_days + 2 + 4 * random()))
FROM gen g
WHERE random() < 0.02 + CASE WHEN g.transit_days > 1 THEN 0.15 ELSE 0 END
  AND g.placed + make_interval(secs => 86400 * (g.base_days + 6)) < now();

INSERT INTO analytics_page_views (store_id, day, views)
SELECT :'store_id', d::date, (:n / 365.0 * (1.5 + random()))::bigint
FROM generate_series((now() - interval '365 days')::date, now()::date, interval '1 day') AS d;

DROP TABLE gen;
ANALYZE orders;
ANALYZE shipments;
ANALYZE tracking_events;
ANALYZE support_cases;
