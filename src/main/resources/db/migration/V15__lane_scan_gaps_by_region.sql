-- A lane's normal silence between scans is learned per carrier, service, origin region and
-- destination region; the carrier and service alone ('*' regions) stand in for lanes with too
-- few deliveries. Regions are cut as dev.waybill.insights.promises.Regions cuts them, so the
-- delay check and the promise model speak of the same lanes.
CREATE FUNCTION waybill_region(country text, postal text, state text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT CASE
    WHEN c = '' THEN NULL
    WHEN p <> '' THEN c || ':' || CASE
        WHEN c IN ('US', 'CA') THEN left(p, 3)
        WHEN c = 'GB' THEN COALESCE(substring(p FROM '^[A-Z]{1,2}'), left(p, 2))
        ELSE left(p, 2) END
    WHEN s <> '' THEN c || ':' || s
END
FROM (SELECT upper(btrim(COALESCE(country, ''))) AS c,
             upper(regexp_replace(COALESCE(postal, ''), '[[:space:]-]', '', 'g')) AS p,
             upper(btrim(COALESCE(state, ''))) AS s) v
$$;

ALTER TABLE lane_scan_gaps
    ADD COLUMN origin_region       varchar(110)  NOT NULL DEFAULT '*',
    ADD COLUMN destination_region  varchar(110)  NOT NULL DEFAULT '*',
    DROP CONSTRAINT lane_scan_gaps_pkey,
    ADD PRIMARY KEY (store_id, carrier_code, service_level, origin_region, destination_region);
