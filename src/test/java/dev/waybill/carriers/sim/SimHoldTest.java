package dev.waybill.carriers.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Numbers that hold their journey after some scans, so a parcel keeps showing one state. */
class SimHoldTest {

  private static final Instant START = Instant.ofEpochSecond(1_764_000_000L);

  private static List<String> codes(String number, Duration after) {
    JsonArray events = SimClock.serverAt(START.plus(after), 1).track(number).getJsonArray("events");
    return events.stream().map(e -> ((io.vertx.core.json.JsonObject) e).getString("code")).toList();
  }

  @Test
  void heldWeatherDelayStaysAWeatherDelay() {
    String number = "SIM-WEATHER-T1764000000-HOLD3-1";
    assertEquals(List.of("LC", "PU", "WX"), codes(number, Duration.ofHours(15)));
    assertEquals(List.of("LC", "PU", "WX"), codes(number, Duration.ofDays(30)));
  }

  @Test
  void heldJourneyStillPlaysItsScansUpToTheHold() {
    String number = "SIM-ONTIME-T1764000000-HOLD5-2";
    assertEquals(List.of("LC", "PU"), codes(number, Duration.ofHours(5)));
    assertEquals(List.of("LC", "PU", "IT", "IT", "OD"), codes(number, Duration.ofDays(30)));
  }

  @Test
  void numberWithoutHoldPlaysTheWholeJourney() {
    assertEquals(
        List.of("LC", "PU", "WX", "IT", "OD", "DL"),
        codes("SIM-WEATHER-T1764000000-3", Duration.ofDays(30)));
  }

  @Test
  void holdIsReadInAnyCaseAndAtTheEndOfTheNumber() {
    assertEquals(
        List.of("LC", "PU", "IT", "AD"),
        codes("SIM-ADDRESS-T1764000000-hold4", Duration.ofDays(30)));
  }
}
