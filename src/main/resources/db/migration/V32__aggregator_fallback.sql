-- Aggregators as upstream, after registration. A registered number is polled at the aggregator
-- only when no push came within its status's cadence: poll_due_at is that clock (reset by every
-- push and every fallback poll) and, while a poll is in flight, its lease. Once the parcel's story
-- is over, tracking is stopped at the aggregator once (where its API offers that), so the
-- merchant's quota isn't spent on it: stop_state goes STOPPING -> STOPPED (or FAILED after the
-- attempts run out; UNSUPPORTED for an aggregator without a stop call), stop_due_at being the
-- lease and the retry time alike.
ALTER TABLE aggregator_registrations
    ADD COLUMN poll_due_at     timestamptz,
    ADD COLUMN poll_failures   integer      NOT NULL DEFAULT 0,
    ADD COLUMN last_polled_at  timestamptz,
    ADD COLUMN last_push_at    timestamptz,
    ADD COLUMN stop_state      varchar(16),
    ADD COLUMN stop_due_at     timestamptz,
    ADD COLUMN stop_attempts   integer      NOT NULL DEFAULT 0,
    ADD COLUMN stopped_at      timestamptz,
    ADD COLUMN last_error_at   timestamptz;

CREATE INDEX aggregator_registrations_poll_due ON aggregator_registrations (poll_due_at)
    WHERE poll_due_at IS NOT NULL;
CREATE INDEX aggregator_registrations_stopping ON aggregator_registrations (stop_due_at)
    WHERE stop_state = 'STOPPING';
CREATE INDEX aggregator_registrations_store ON aggregator_registrations (store_id, aggregator);
