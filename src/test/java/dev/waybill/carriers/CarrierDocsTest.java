package dev.waybill.carriers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.waybill.carriers.dhl.DhlStatusTable;
import dev.waybill.carriers.fedex.FedexStatusTable;
import dev.waybill.carriers.sim.SimStatusTable;
import dev.waybill.carriers.spi.StatusTable;
import dev.waybill.carriers.ups.UpsStatusTable;
import dev.waybill.carriers.usps.UspsStatusTable;
import dev.waybill.shipping.ExceptionReason;
import dev.waybill.shipping.TrackingStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each direct carrier's page in docs/carriers publishes its status table exactly as the code maps
 * it (every code, status and reason, nothing more), and says what a merchant sets up, which errors
 * mean what, and the carrier's quota.
 */
class CarrierDocsTest {

  static final Path DIR = Path.of("docs/carriers");

  static final Map<String, StatusTable> TABLES =
      Map.of(
          "ups.md", UpsStatusTable.TABLE,
          "fedex.md", FedexStatusTable.TABLE,
          "usps.md", UspsStatusTable.TABLE,
          "dhl.md", DhlStatusTable.TABLE,
          "sim.md", SimStatusTable.TABLE);

  static final List<String> SECTIONS =
      List.of("## What a merchant sets up", "## Errors", "## Quota", "## Status mapping");

  @ParameterizedTest
  @ValueSource(strings = {"ups.md", "fedex.md", "usps.md", "dhl.md", "sim.md"})
  void thePagesStatusTableIsTheCodes(String page) throws IOException {
    Map<String, String> documented = documented(Files.readString(DIR.resolve(page)));
    Map<String, String> code = new TreeMap<>();
    TABLES
        .get(page)
        .all()
        .forEach((k, m) -> code.put(k, m.status() + (m.reason() == null ? "" : " " + m.reason())));
    assertEquals(code, documented, page + " publishes the table the code maps with");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ups.md", "fedex.md", "usps.md", "dhl.md", "sim.md"})
  void thePageSaysWhatAMerchantSetsUpTheErrorsAndTheQuota(String page) throws IOException {
    String text = Files.readString(DIR.resolve(page), StandardCharsets.UTF_8);
    for (String section : SECTIONS) {
      assertTrue(
          Arrays.stream(text.split("\n")).anyMatch(l -> l.strip().equals(section)),
          page + " has a section '" + section + "'");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"ups.md", "fedex.md", "usps.md", "dhl.md", "sim.md"})
  void theIndexLinksThePage(String page) throws IOException {
    String index = Files.readString(DIR.resolve("README.md"), StandardCharsets.UTF_8);
    assertTrue(index.contains("](" + page + ")"), "README.md links " + page);
  }

  /**
   * The rows of the page's status tables: a first cell holding a code in backticks, and the status
   * and reason as the last two cells.
   */
  static Map<String, String> documented(String page) {
    Map<String, String> rows = new TreeMap<>();
    for (String line : page.split("\n")) {
      if (!line.startsWith("| `")) {
        continue;
      }
      String[] cells = line.split("\\|", -1);
      // "| a | b | c |" splits into "", cells..., "".
      if (cells.length < 5) {
        continue;
      }
      // A status may carry a note after it: "`UNKNOWN` (counted)".
      String status = firstCode(cells[cells.length - 3]);
      String reason = bare(cells[cells.length - 2]);
      if (!isStatus(status)) {
        continue;
      }
      assertTrue(reason.isEmpty() || isReason(reason), "a reason, not '" + reason + "'");
      String key = bare(cells[1]).toUpperCase(Locale.ROOT);
      String before = rows.put(key, status + (reason.isEmpty() ? "" : " " + reason));
      assertEquals(null, before, key + " is documented twice");
    }
    return rows;
  }

  private static String firstCode(String cell) {
    int open = cell.indexOf('`');
    int close = open < 0 ? -1 : cell.indexOf('`', open + 1);
    return close < 0 ? bare(cell) : cell.substring(open + 1, close).strip();
  }

  private static String bare(String cell) {
    return cell.replace("`", "").strip();
  }

  private static boolean isStatus(String s) {
    return Arrays.stream(TrackingStatus.values()).anyMatch(t -> t.name().equals(s));
  }

  private static boolean isReason(String s) {
    return Arrays.stream(ExceptionReason.values()).anyMatch(r -> r.name().equals(s));
  }
}
