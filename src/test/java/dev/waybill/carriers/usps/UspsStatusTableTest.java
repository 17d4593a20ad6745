package dev.waybill.carriers.usps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.waybill.carriers.spi.StatusTable;
import dev.waybill.shipping.ExceptionReason;
import dev.waybill.shipping.TrackingStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class UspsStatusTableTest {

  private final StatusTable table = UspsStatusTable.TABLE;

  @Test
  void coreDeliveryCodesMapAsUspsDescribesThem() {
    assertEquals(TrackingStatus.DELIVERED, table.map("01").status());
    assertEquals(TrackingStatus.DELIVERY_ATTEMPTED, table.map("02").status());
    assertEquals(TrackingStatus.IN_TRANSIT, table.map("07").status());
    assertEquals(TrackingStatus.OUT_FOR_DELIVERY, table.map("OF").status());
    assertEquals(TrackingStatus.AVAILABLE_FOR_PICKUP, table.map("16").status());
    assertEquals(TrackingStatus.INFO_RECEIVED, table.map("GX").status());
  }

  @Test
  void codesAreMatchedWhateverTheirCase() {
    assertEquals(TrackingStatus.OUT_FOR_DELIVERY, table.map("of").status());
  }

  @Test
  void returnsCarryWhyTheItemGoesBack() {
    assertEquals(TrackingStatus.RETURNED_TO_SENDER, table.map("04").status());
    assertEquals(ExceptionReason.CONSIGNEE_REFUSED, table.map("04").reason());
    assertEquals(ExceptionReason.CONSIGNEE_ADDRESS_PROBLEM, table.map("22").reason());
    assertNull(table.map("09").reason());
  }

  @Test
  void unknownCodesAreUnknownNeverInTransit() {
    assertEquals(StatusTable.UNKNOWN, table.map("ZZ"));
    assertEquals(StatusTable.UNKNOWN, table.map(null));
    assertFalse(table.knows("ZZ"));
  }

  @Test
  void publishedTableListsEveryCodeWithTheSameMapping() throws IOException {
    String doc = Files.readString(Path.of("docs/carriers/usps.md"));
    Matcher row =
        Pattern.compile(
                "(?m)^\\| `([0-9A-Z]{2})` \\| [^|]+ \\| `([A-Z_]+)` \\| (?:`([A-Z_]+)`|) *\\|")
            .matcher(doc);
    int rows = 0;
    while (row.find()) {
      rows++;
      StatusTable.Mapping mapping = table.map(row.group(1));
      assertTrue(table.knows(row.group(1)), "documented but not mapped: " + row.group(1));
      assertEquals(row.group(2), mapping.status().name(), "status of " + row.group(1));
      assertEquals(
          row.group(3),
          mapping.reason() == null ? null : mapping.reason().name(),
          "reason of " + row.group(1));
    }
    assertEquals(table.all().size(), rows, "every mapped code is documented once");
    List.of("01", "02", "07", "OF").forEach(code -> assertTrue(doc.contains("| `" + code + "` |")));
  }
}
