package dev.waybill.insights.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CsvTest {

  @Test
  void cellsWithCommasQuotesOrLineBreaksAreQuotedWithQuotesDoubled() {
    assertEquals("plain", Csv.quote("plain"));
    assertEquals("\"a,b\"", Csv.quote("a,b"));
    assertEquals("\"say \"\"hi\"\"\"", Csv.quote("say \"hi\""));
    assertEquals("\"two\nlines\"", Csv.quote("two\nlines"));
  }

  @Test
  void textThatASpreadsheetWouldRunAsAFormulaIsDefused() {
    assertEquals("'=HYPERLINK(\"x\")", Csv.text("=HYPERLINK(\"x\")"));
    assertEquals("'+1", Csv.text("+1"));
    assertEquals("'@SUM(A1)", Csv.text("@SUM(A1)"));
    assertEquals("Île-de-France", Csv.text("Île-de-France"));
    assertEquals("", Csv.text(null));
  }
}
