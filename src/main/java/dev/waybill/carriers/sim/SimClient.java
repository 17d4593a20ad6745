package dev.waybill.carriers.sim;

import dev.waybill.carriers.spi.CarrierException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import java.time.Duration;
import java.util.List;

/** Thin HTTP client for the simulated carrier's tracking API. */
public class SimClient {

  private final WebClient client;
  private final String baseUrl;
  private final Duration timeout;

  public SimClient(Vertx vertx, String baseUrl, Duration timeout) {
    this.client =
        WebClient.create(
            vertx,
            new WebClientOptions()
                .setMaxPoolSize(64)
                .setKeepAlive(true)
                .setTryUseCompression(false));
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.timeout = timeout;
  }

  /** The raw JSON answer for one batch. */
  public Uni<String> track(List<String> numbers) {
    return client
        .postAbs(baseUrl + "/track")
        .timeout(timeout.toMillis())
        .sendJsonObject(new JsonObject().put("trackingNumbers", new JsonArray(numbers)))
        .onFailure()
        .transform(
            e ->
                e instanceof CarrierException
                    ? e
                    : new CarrierException(
                        CarrierException.Kind.UNAVAILABLE, "sim unreachable: " + e, null, e))
        .map(SimClient::body);
  }

  private static String body(HttpResponse<Buffer> r) {
    int status = r.statusCode();
    if (status == 200) {
      return r.bodyAsString();
    }
    if (status == 429) {
      String after = r.getHeader("Retry-After");
      return fail(
          CarrierException.Kind.RATE_LIMITED,
          status,
          after == null ? null : Duration.ofSeconds(Long.parseLong(after.trim())));
    }
    if (status == 401 || status == 403) {
      return fail(CarrierException.Kind.AUTH, status, null);
    }
    return fail(CarrierException.Kind.UNAVAILABLE, status, null);
  }

  private static String fail(CarrierException.Kind kind, int status, Duration retryAfter) {
    throw new CarrierException(kind, "sim answered " + status, retryAfter, null);
  }
}
