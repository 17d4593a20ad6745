package dev.waybill.carriers.sim;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simulated carrier's side: which scans of a journey have happened by now. A journey starts
 * when the carrier first sees the number, or at the time written into it ({@code
 * SIM-ONTIME-T1764000000-1}, epoch seconds), which makes tests deterministic. A number may also
 * hold its journey after its first scans ({@code SIM-WEATHER-HOLD3-...} stops after the third), so
 * a demo parcel keeps showing one state instead of moving on.
 */
@ApplicationScoped
public class SimCarrierServer {

  private static final Pattern START = Pattern.compile("-T(\\d{9,11})(?:-|$)");
  private static final Pattern HOLD = Pattern.compile("-HOLD(\\d{1,2})(?:-|$)");

  private final SimConfig config;
  private final Clock clock;
  private final Map<String, Instant> firstSeen = new ConcurrentHashMap<>();
  private volatile Duration shift = Duration.ZERO;
  private final Map<String, Integer> pushed = new ConcurrentHashMap<>();

  @Inject
  public SimCarrierServer(SimConfig config) {
    this(config, Clock.systemUTC());
  }

  SimCarrierServer(SimConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
  }

  /** The carrier's answer for one tracking number, in the simulated carrier's JSON format. */
  public JsonObject track(String trackingNumber) {
    // Only a carrier that pushes needs to know what it has pushed.
    if (config.webhookUrl().isPresent()) {
      remember(pushed, trackingNumber, 0);
    }
    return answer(trackingNumber);
  }

  /**
   * The journey of a number so far, as {@link #track} answers it, without the carrier's own pushes
   * taking it up: the simulated aggregator tracks numbers of other carriers.
   */
  JsonObject answer(String trackingNumber) {
    Journey journey = Journey.of(trackingNumber);
    Instant start = start(trackingNumber);
    double simulatedHours =
        Duration.between(start, now()).toMillis() / 3_600_000.0 * config.timeScale();
    JsonArray events = new JsonArray();
    for (Journey.Step step : steps(journey, trackingNumber)) {
      if (step.hour() <= simulatedHours) {
        events.add(
            new JsonObject()
                .put("code", step.code())
                .put("description", step.description())
                .put("time", at(start, step.hour()).toString())
                .put("city", step.city())
                .put("country", step.country()));
      }
    }
    int lastHour = journey.steps().get(journey.steps().size() - 1).hour();
    int etaHours =
        journey == Journey.LOST
            ? journey.promisedHours()
            : Math.max(journey.promisedHours(), lastHour);
    return new JsonObject()
        .put("trackingNumber", trackingNumber)
        .put("found", true)
        .put("journey", journey.name())
        .put("service", "Sim Ground")
        .put("estimatedDelivery", at(start, etaHours).toLocalDate().toString())
        .put("events", events);
  }

  /**
   * Numbers whose journey has scans not yet pushed, with their current answer; marks them pushed.
   */
  List<JsonObject> unpushed() {
    List<JsonObject> out = new java.util.ArrayList<>();
    pushed.forEach(
        (number, count) -> {
          JsonObject answer = track(number);
          int events = answer.getJsonArray("events").size();
          if (events > count) {
            pushed.put(number, events);
            out.add(answer);
          }
        });
    return out;
  }

  /** The journey's scans, cut after the number of scans a {@code -HOLD<n>} number asks for. */
  static List<Journey.Step> steps(Journey journey, String trackingNumber) {
    Matcher m = HOLD.matcher(trackingNumber.toUpperCase(java.util.Locale.ROOT));
    if (!m.find()) {
      return journey.steps();
    }
    int scans = Math.max(1, Integer.parseInt(m.group(1)));
    return journey.steps().subList(0, Math.min(scans, journey.steps().size()));
  }

  private Instant start(String trackingNumber) {
    Matcher m = START.matcher(trackingNumber);
    if (m.find()) {
      return Instant.ofEpochSecond(Long.parseLong(m.group(1)));
    }
    Instant seen = firstSeen.get(trackingNumber);
    if (seen == null) {
      seen = now();
      remember(firstSeen, trackingNumber, seen);
    }
    return firstSeen.getOrDefault(trackingNumber, seen);
  }

  /**
   * Adds a number to one of the carrier's memories, which are bounded: a full one is forgotten
   * whole, so numbers sent by anyone can't grow it without limit.
   */
  private <V> void remember(Map<String, V> memory, String trackingNumber, V value) {
    if (memory.containsKey(trackingNumber)) {
      return;
    }
    if (memory.size() >= config.maxRemembered()) {
      memory.clear();
    }
    memory.putIfAbsent(trackingNumber, value);
  }

  /** How many tracking numbers the carrier remembers, for tests of its bounds. */
  int remembered() {
    return Math.max(firstSeen.size(), pushed.size());
  }

  private Instant now() {
    return clock.instant().plus(shift);
  }

  /** For tests: how far the simulated carrier's clock runs ahead. */
  public Duration shift() {
    return shift;
  }

  /** For tests: moves the simulated carrier's clock forward. */
  public void advance(Duration by) {
    shift = shift.plus(by);
  }

  /** Simulated hours after the start, as real time with the configured time scale. */
  private OffsetDateTime at(Instant start, int hour) {
    long realMillis = (long) (hour * 3_600_000.0 / config.timeScale());
    return start.plusMillis(realMillis).atOffset(ZoneOffset.ofHours(-7));
  }
}
