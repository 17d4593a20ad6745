package dev.waybill.platform.queue;

import java.time.Duration;

/**
 * One table used as a leased work queue. The feature that owns the table says what a row is and
 * which rows are due; the {@link LeasedQueue} does the leasing, retrying and handing back.
 *
 * @param table the table of work
 * @param ownerColumn the column naming the pod that holds a row, or null when the table records
 *     none (then leases only expire, and nothing is handed back by owner)
 * @param leaseColumn the column holding when the lease ends
 * @param dueColumn the column holding when a row is due again after a retry; may be the lease
 *     column, for a table whose rows stay due until done
 * @param claimSql an {@code UPDATE … FROM (SELECT … FOR UPDATE SKIP LOCKED) … RETURNING …} that
 *     leases due rows; its parameters are bound by the feature from a {@link LeasedQueue.Lease}
 * @param lease how long a claim holds its rows before another pod may take them
 * @param batchSize how many rows one claim takes at most
 * @param backoff the wait before a failed row is due again
 * @param handBack what else a hand-back sets, beyond clearing the lease (for example giving back
 *     the attempt the claim counted); empty for nothing
 * @param unfinished which rows a hand-back by owner touches (for example only pending ones); empty
 *     for all
 */
public record QueueSpec(
    String table,
    String ownerColumn,
    String leaseColumn,
    String dueColumn,
    String claimSql,
    Duration lease,
    int batchSize,
    Backoff backoff,
    String handBack,
    String unfinished) {}
