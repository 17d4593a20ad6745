-- 10,000 orders with one shipment and three events each, for the "bench" store.
-- :store_id and :key_hash are set by lookup.sh.
INSERT INTO stores (id, slug, name, primary_color, support_email, default_locale, time_zone)
VALUES (:'store_id', 'bench', 'Bench Store', '#1F4E79', 'help@bench.example', 'en', 'UTC');

INSERT INTO api_keys (id, store_id, name, prefix, secret_hash, scopes)
VALUES (gen_random_uuid(), :'store_id', 'bench storefront', 'wb_pub_bench', :'key_hash', 'tracking:read');

INSERT INTO orders (id, store_id, order_number, customer_name, customer_email, locale, items,
                    ship_city, ship_postal_code, ship_country, status, placed_at)
SELECT gen_random_uuid(), :'store_id', 'B-' || n, 'Shopper ' || n, 'shopper' || n || '@example.com', 'en',
       '[{"name":"Trail Runner 2","sku":"TR2-42","quantity":1,"imageUrl":"https://cdn.example.com/tr2.jpg"},'
       '{"name":"Merino Socks","sku":"MS-3","quantity":2,"imageUrl":"https://cdn.example.com/ms3.jpg"}]',
       'Berlin', '10115', 'DE', 'IN_TRANSIT', now() - interval '3 days'
FROM generate_series(1, 10000) AS n;

INSERT INTO shipments (id, order_id, store_id, carrier_code, tracking_number, service_level,
                       destination_city, destination_postal_code, destination_country, status,
                       status_detail, promised_delivery, shipped_at, last_event_at)
SELECT gen_random_uuid(), o.id, o.store_id, 'ups', '1Z' || lpad(substr(o.order_number, 3), 16, '0'), 'Ground',
       'Berlin', '10115', 'DE', 'IN_TRANSIT', 'Departed facility', current_date + 2,
       now() - interval '2 days', now() - interval '6 hours'
FROM orders o WHERE o.store_id = :'store_id';

INSERT INTO tracking_events (id, shipment_id, occurred_at, occurred_offset, status, description,
                             city, country, source, dedupe_key)
SELECT gen_random_uuid(), s.id, now() - (e.n || ' hours')::interval, '+01:00',
       CASE e.n WHEN 48 THEN 'PICKED_UP' ELSE 'IN_TRANSIT' END,
       CASE e.n WHEN 48 THEN 'Picked up' ELSE 'Departed facility' END,
       CASE e.n WHEN 48 THEN 'Hamburg' WHEN 24 THEN 'Hannover' ELSE 'Leipzig' END, 'DE', 'POLL', 'bench-' || e.n
FROM shipments s CROSS JOIN (VALUES (48), (24), (6)) AS e(n)
WHERE s.store_id = :'store_id';
