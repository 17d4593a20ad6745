package dev.waybill.notifications;

import static dev.waybill.notifications.NotificationPeers.subjects;
import static dev.waybill.notifications.NotificationPeers.uniqueEmail;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.waybill.testing.MutableClock;
import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The mail server down: messages wait in the outbox, spend no attempt, and go out once after. */
@QuarkusTest
class NotificationOutageTest {

  @Inject Dispatcher dispatcher;
  @Inject Pool pool;
  @Inject MutableClock clock;

  @BeforeAll
  static void peers() {
    NotificationPeers.startMail();
    NotificationPeers.startSms();
  }

  @AfterAll
  static void stopPeers() {
    NotificationPeers.stopMail();
    NotificationPeers.stopSms();
  }

  @AfterEach
  void realTime() {
    clock.reset();
  }

  @Test
  void messagesWaitWhileSmtpIsDownAndGoOutOnceAfterItReturns() throws Exception {
    TestStore store = TestStores.create();
    String email = uniqueEmail();
    NotificationPeers.stopMail();
    String number = NotificationPeers.order(store, email, null, "en", null, false);

    // Many more rounds than the three attempts a message has in tests.
    int rounds = 8;
    for (int i = 0; i < rounds; i++) {
      dispatch();
      // Each round the message's wait for the server is over.
      clock.advance(Duration.ofSeconds(1));
    }
    Row waiting = message(number);
    assertEquals("PENDING", waiting.getString("status"));
    assertEquals(0, waiting.getInteger("attempts"), "an unreachable server spends no attempt");

    NotificationPeers.startMail();
    long back = System.nanoTime();
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              dispatch();
              return !subjects(email).isEmpty();
            });
    System.out.printf(
        "SMTP back: the waiting message went out %d ms later%n",
        (System.nanoTime() - back) / 1_000_000);
    dispatch();
    dispatch();
    assertEquals(List.of("We've got your order " + number), subjects(email));
    assertEquals("SENT", message(number).getString("status"));
  }

  private Row message(String number) {
    return pool.preparedQuery(
            "SELECT n.status, n.attempts FROM notifications n JOIN orders o ON o.id = n.order_id"
                + " WHERE o.order_number = $1 AND n.channel = 'EMAIL'")
        .execute(Tuple.of(number))
        .await()
        .atMost(Duration.ofSeconds(5))
        .iterator()
        .next();
  }

  private void dispatch() {
    dispatcher.dispatchOnce().await().atMost(Duration.ofSeconds(60));
  }
}
