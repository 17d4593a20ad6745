package dev.waybill.support;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.waybill.platform.security.FormGuard;
import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.restassured.response.Response;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
  private static final Pattern SUBMISSION =
      Pattern.compile("name=\"submission\" value=\"([^\"]+)\"");

  /** Sends the tracking page's help form as a browser would, and answers the case's reference. */
  public static String askForHelp(String token, String type, String message) {
    Response page = given().get("/t/" + token + "/help");
    assertEquals(200, page.statusCode());
    Matcher csrf = CSRF.matcher(page.asString());
    Matcher submission = SUBMISSION.matcher(page.asString());
    assertTrue(csrf.find() && submission.find(), "the form carries its token and submission id");
    Response sent =
        given()
            .redirects()
            .follow(false)
            .cookie(FormGuard.COOKIE, page.cookie(FormGuard.COOKIE))
            .contentType("application/x-www-form-urlencoded")
            .formParams(
                Map.of(
                    "csrf",
                    csrf.group(1),
                    "submission",
                    submission.group(1),
                    "type",
                    type,
                    "message",
                    message,
                    "channel",
                    "EMAIL",
                    "email",
                    "ada@example.com"))
            .post("/t/" + token + "/help");
    assertEquals(303, sent.statusCode());
    return sent.header("Location").replaceAll(".*/help/", "");
  }
}
