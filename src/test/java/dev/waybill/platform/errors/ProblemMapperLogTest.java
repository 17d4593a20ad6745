package dev.waybill.platform.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What the unexpected-failure log says about a request, read back from the application's log file:
 * the path, but not the token a tracking or preferences link carries in it.
 */
@QuarkusTest
class ProblemMapperLogTest {

  private static final Path LOG = Path.of("target/waybill-test.log");

  @Test
  void anUnexpectedFailureOnALinkIsLoggedWithoutItsToken() throws Exception {
    ProblemMapper mapper = new ProblemMapper(new SimpleMeterRegistry());
    String tracking = "trk" + UUID.randomUUID().toString().replace("-", "") + ".c2ln";
    String preferences = "prf" + UUID.randomUUID().toString().replace("-", "");

    Response a = mapper.unexpected(new IllegalStateException("boom"), path("/t/" + tracking));
    Response b =
        mapper.unexpected(
            new IllegalStateException("boom"), path("/n/" + preferences + "/unsubscribe"));
    Response c =
        mapper.unexpected(new IllegalStateException("boom"), path("/api/v1/tracking/" + tracking));

    assertEquals(500, a.getStatus());
    assertEquals(500, b.getStatus());
    assertEquals(500, c.getStatus());
    String log = Files.readString(LOG);
    assertTrue(log.contains("Unexpected failure on /t/***"), "the path is logged, masked");
    assertTrue(
        log.contains("Unexpected failure on /n/***/unsubscribe"), "the path is logged, masked");
    assertTrue(log.contains("Unexpected failure on /api/v1/tracking/***"), "masked");
    assertFalse(log.contains(tracking), "the tracking token is not logged");
    assertFalse(log.contains(preferences), "the preferences token is not logged");
  }

  /** A UriInfo that only knows its path, which is all the mapper asks. */
  private static UriInfo path(String path) {
    return (UriInfo)
        Proxy.newProxyInstance(
            UriInfo.class.getClassLoader(),
            new Class<?>[] {UriInfo.class},
            (proxy, method, args) -> {
              if (method.getName().equals("getPath") && (args == null || args.length == 0)) {
                return path;
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }
}
