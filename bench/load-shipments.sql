-- :n active shipments on the simulated carrier, one order each, journeys started 6 to 30
-- simulated hours ago (time scale 1), so a first poll finds several scans to store.
INSERT INTO stores (id, slug, name) VALUES (:'store_id', 'pollbench', 'Poller Bench');

INSERT INTO orders (id, store_id, order_number, customer_name, customer_email, items,
                    ship_postal_code, ship_country, status, placed_at)
SELECT gen_random_uuid(), :'store_id', 'P-' || n, 'Shopper ' || n, 'p' || n || '@example.com',
       '[{"name":"Item","quantity":1}]', '10115', 'DE', 'INFO_RECEIVED', now() - interval '2 days'
FROM generate_series(1, :n) AS n;

INSERT INTO shipments (id, order_id, store_id, carrier_code, tracking_number, status, next_poll_at)
SELECT gen_random_uuid(), o.id, o.store_id, 'waybill-sim',
       'SIM-' || (ARRAY['ONTIME','DELAYED','WEATHER','ADDRESS','ATTEMPT','LOST','RETURNED'])[1 + (substr(o.order_number, 3)::int % 7)]
         || '-T' || (extract(epoch FROM now())::bigint - 3600 * (6 + substr(o.order_number, 3)::int % 25))
         || '-' || substr(o.order_number, 3),
       'INFO_RECEIVED', now()
FROM orders o WHERE o.store_id = :'store_id';
