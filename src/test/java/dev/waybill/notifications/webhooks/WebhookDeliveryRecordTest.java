package dev.waybill.notifications.webhooks;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The statement that records a webhook delivery's outcome, as Postgres itself prepares it: without
 * parameter types, so nothing the database client guesses on a second attempt can hide a statement
 * Postgres refuses.
 */
@QuarkusTest
class WebhookDeliveryRecordTest {

  @Inject Pool pool;

  @Test
  void postgresPreparesTheRecordStatementAsWritten() {
    pool.withConnection(
            conn ->
                conn.query("PREPARE webhook_record_check AS " + WebhookDeliverer.RECORD)
                    .execute()
                    .chain(() -> conn.query("DEALLOCATE webhook_record_check").execute()))
        .await()
        .atMost(Duration.ofSeconds(30));
  }
}
