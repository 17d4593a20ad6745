package dev.waybill.insights.delays;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.waybill.insights.promises.Regions;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

@QuarkusTest
class LaneRegionsTest {

  @Inject Pool pool;

  @Test
  void delayCheckCutsRegionsAsThePromiseModelDoes() {
    String[][] cases = {
      {"US", "10001-2345", null},
      {"us", " 941 07", "CA"},
      {"CA", "M5V 2T6", null},
      {"GB", "SW1A 1AA", null},
      {"GB", "B1 1AA", null},
      {"GB", "123", null},
      {"DE", "10115", null},
      {"FR", "75001", null},
      {"US", null, "ny"},
      {"US", "", " TX "},
      {"NL", null, null},
      {null, "10115", null},
      {"", "10115", "BE"},
    };
    for (String[] c : cases) {
      String sql =
          pool.preparedQuery("SELECT waybill_region($1, $2, $3) AS r")
              .execute(Tuple.of(c[0], c[1], c[2]))
              .await()
              .atMost(Duration.ofSeconds(10))
              .iterator()
              .next()
              .getString("r");
      assertEquals(Regions.of(c[0], c[1], c[2]), sql, Arrays.toString(c));
    }
  }
}
