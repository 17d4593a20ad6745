-- The weekly sums again, added up over regions (region is always ''): a store has a few dozen
-- carrier, service and country combinations a week but hundreds with regions, so queries that
-- neither filter nor group by region read an eighth of the rows or less.
CREATE TABLE analytics_weekly_national (LIKE analytics_weekly INCLUDING DEFAULTS INCLUDING CONSTRAINTS);
ALTER TABLE analytics_weekly_national
    ADD PRIMARY KEY (store_id, day, carrier, service, country, region),
    ADD FOREIGN KEY (store_id) REFERENCES stores (id) ON DELETE CASCADE;

-- Filled from the weekly rows already there; the rollup job keeps it current from now on.
DO $$
DECLARE
    cols text;
    sums text;
BEGIN
    SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position),
           string_agg('sum(' || quote_ident(column_name) || ')', ', ' ORDER BY ordinal_position)
      INTO cols, sums
      FROM information_schema.columns
     WHERE table_name = 'analytics_weekly' AND table_schema = current_schema()
       AND column_name NOT IN ('store_id', 'day', 'carrier', 'service', 'country', 'region');
    EXECUTE format(
        'INSERT INTO analytics_weekly_national (store_id, day, carrier, service, country, region, %s)'
        ' SELECT store_id, day, carrier, service, country, '''', %s FROM analytics_weekly'
        ' GROUP BY store_id, day, carrier, service, country', cols, sums);
END $$;
