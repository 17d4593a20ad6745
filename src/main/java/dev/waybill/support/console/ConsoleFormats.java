package dev.waybill.support.console;

import io.quarkus.qute.TemplateExtension;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How the console writes times: in UTC, to the minute, the same for every agent. */
@TemplateExtension
final class ConsoleFormats {

  private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  private ConsoleFormats() {}

  static String display(OffsetDateTime at) {
    return at == null ? "" : at.withOffsetSameInstant(ZoneOffset.UTC).format(MINUTE) + " UTC";
  }

  /** A carrier's scan time as the carrier reported it, with its own offset. */
  static String local(OffsetDateTime at) {
    return at == null ? "" : at.format(MINUTE) + " " + at.getOffset();
  }
}
