package dev.waybill.insights.promises;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryCsvTest {

  static final String HEADER =
      "carrier,service,origin_postal_code,origin_country,destination_postal_code,"
          + "destination_country,order_placed_at,shipped_at,delivered_at,published_min_days,"
          + "published_max_days\n";

  record Read(long total, List<HistoryRow> rows, List<HistoryCsv.RowError> errors) {}

  static Read read(String csv) throws Exception {
    List<HistoryRow> rows = new ArrayList<>();
    List<HistoryCsv.RowError> errors = new ArrayList<>();
    long total = HistoryCsv.read(new StringReader(csv), rows::add, errors::add);
    return new Read(total, rows, errors);
  }

  @Test
  void readsTheDocumentedColumnsWithOffsets() throws Exception {
    Read r =
        read(
            HEADER
                + "UPS,Ground,07094,US,10001,us,2026-03-02T09:00:00-05:00,"
                + "2026-03-02T16:00:00-05:00,2026-03-04T11:30:00-05:00,1,5\n");
    assertEquals(1, r.rows().size());
    HistoryRow row = r.rows().get(0);
    assertEquals("ups", row.carrier());
    assertEquals("US", row.destinationCountry());
    assertEquals(5, row.publishedMaxDays());
    Sample s = row.sample();
    assertEquals("US:070", s.originRegion());
    assertEquals("US:100", s.destinationRegion());
    assertEquals(2, s.transitDays());
  }

  @Test
  void badRowsAreReportedByLineNumberAndTheRestGoIn() throws Exception {
    Read r =
        read(
            HEADER
                + "ups,Ground,07094,US,10001,US,,2026-03-02T16:00:00-05:00,"
                + "2026-03-04T11:30:00-05:00,1,5\n"
                + "ups,Ground,07094,US,10001,US,,2026-03-02 16:00,2026-03-04T11:30:00-05:00,,\n"
                + "ups,Ground,07094,US,10001,USA,,2026-03-02T16:00:00-05:00,"
                + "2026-03-04T11:30:00-05:00,,\n"
                + "\n"
                + "ups,Ground,07094,US,10001,US,,2026-03-05T16:00:00-05:00,"
                + "2026-03-04T11:30:00-05:00,,\n"
                + ",Ground,07094,US,10001,US,,2026-03-02T16:00:00-05:00,"
                + "2026-03-04T11:30:00-05:00,,\n");
    assertEquals(5, r.total());
    assertEquals(1, r.rows().size());
    assertEquals(
        List.of(3L, 4L, 6L, 7L), r.errors().stream().map(HistoryCsv.RowError::line).toList());
    assertTrue(r.errors().get(0).message().startsWith("shipped_at:"));
    assertTrue(r.errors().get(1).message().startsWith("destination_country:"));
    assertTrue(r.errors().get(2).message().contains("before shipped_at"));
    assertTrue(r.errors().get(3).message().startsWith("carrier:"));
  }

  @Test
  void quotedFieldsMayHoldCommasQuotesAndNewlines() throws Exception {
    Read r =
        read(
            "external_id,carrier,service,destination_postal_code,destination_country,shipped_at,"
                + "delivered_at\n"
                + "\"a,1\",dhl,\"Paket \"\"Plus\"\"\nfast\",10115,DE,2026-03-02T16:00:00+01:00,"
                + "2026-03-03T11:00:00+01:00\n"
                + "b,dhl,Paket,10115,XX1,2026-03-02T16:00:00+01:00,2026-03-03T11:00:00+01:00\n");
    assertEquals("a,1", r.rows().get(0).externalId());
    assertEquals("Paket \"Plus\"\nfast", r.rows().get(0).service());
    assertEquals(4, r.errors().get(0).line(), "the quoted newline moves the next row down");
  }

  @Test
  void aFileWithoutTheRequiredColumnsIsRejectedAsAWhole() {
    HistoryCsv.BadFile e =
        assertThrows(HistoryCsv.BadFile.class, () -> read("carrier,shipped_at\nups,x\n"));
    assertTrue(e.getMessage().contains("delivered_at"));
    assertThrows(HistoryCsv.BadFile.class, () -> read(""));
  }

  @Test
  void theSameRowHasTheSameKeyAndAnExternalIdWins() throws Exception {
    String line =
        "ups,Ground,07094,US,10001,US,,2026-03-02T16:00:00-05:00,2026-03-04T11:30:00-05:00,1,5\n";
    Read once = read(HEADER + line + line);
    assertEquals(once.rows().get(0).key(), once.rows().get(1).key());
    Read other = read(HEADER + line.replace("10001", "10002"));
    assertNotEquals(once.rows().get(0).key(), other.rows().get(0).key());
    Read withId =
        read(
            "external_id,carrier,destination_postal_code,destination_country,shipped_at,"
                + "delivered_at\nX-1,ups,10001,US,2026-03-02T16:00:00-05:00,"
                + "2026-03-04T11:30:00-05:00\n");
    assertEquals("x:X-1", withId.rows().get(0).key());
  }
}
