package dev.waybill.support;

import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import java.util.UUID;

/** Opens support cases as the shopper's help form does, for tests that start from a case. */
public final class TestCases {

  private TestCases() {}

  /** A case of {@code type} about {@code orderNumber}, asked by ada@example.com in English. */
  public static String open(
      SupportCases cases, TestStore store, String orderNumber, CaseType type, String message) {
    UUID storeId =
        TestStores.platformAdmin()
            .get("/api/v1/admin/stores/" + store.slug())
            .then()
            .extract()
            .jsonPath()
            .getUUID("id");
    return cases
        .open(
            new NewCase(
                storeId,
                orderNumber,
                null,
                type,
                message,
                ContactChannel.EMAIL,
                "ada@example.com",
                null,
                "en",
                "{}",
                UUID.randomUUID().toString()))
        .await()
        .indefinitely();
  }
}
