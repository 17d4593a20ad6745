package dev.waybill.insights.analytics;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Delivery satisfaction by carrier, service and lane, beside the on-time rate, and as CSV. */
@QuarkusTest
class SatisfactionTest {

  /** A delivered parcel from {@code origin} to Germany, promised well ahead; rated if asked. */
  private static void delivered(
      TestStore store, String carrier, String service, String origin, Integer rating) {
    String number = TestStores.orderNumber();
    store
        .merchant()
        .body(TestStores.order(number, "sat-" + number + "@example.com", "10115"))
        .post("/api/v1/orders")
        .then()
        .statusCode(201);
    Map<String, Object> parcel = new HashMap<>();
    parcel.put("carrier", carrier);
    parcel.put(
        "trackingNumber",
        carrier.equals("ups") ? TestStores.upsNumber() : "FX" + number.replace("T-", ""));
    parcel.put("serviceLevel", service);
    parcel.put("origin", Map.of("postalCode", "1011", "country", origin));
    parcel.put("promisedDelivery", LocalDate.now().plusDays(10).toString());
    String shipment =
        store
            .merchant()
            .body(parcel)
            .post("/api/v1/orders/" + number + "/shipments")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    for (String status : List.of("IN_TRANSIT", "DELIVERED")) {
      store
          .merchant()
          .body(Map.of("status", status))
          .post("/api/v1/shipments/" + shipment + "/events")
          .then()
          .statusCode(201);
    }
    if (rating != null) {
      String token =
          store.merchant().get("/api/v1/orders/" + number).then().extract().path("trackingToken");
      given()
          .contentType(ContentType.JSON)
          .body(Map.of("rating", rating))
          .put("/api/v1/tracking/" + token + "/feedback/" + shipment)
          .then()
          .statusCode(200);
    }
  }

  @Test
  void ratingsAreCountedPerCarrierServiceAndLaneBesideTheOnTimeRate() {
    TestStore store = TestStores.create();
    delivered(store, "ups", "Ground", "NL", 5);
    delivered(store, "ups", "Ground", "NL", 2);
    delivered(store, "ups", "Express", "FR", null);
    delivered(store, "fedex", "Home", "NL", 4);

    given()
        .auth()
        .oauth2(store.supportKey())
        .get("/api/v1/insights/satisfaction")
        .then()
        .statusCode(200)
        .body("groupBy", equalTo("carrier"))
        .body("rows", hasSize(2))
        .body("rows[0].carrier", equalTo("ups"))
        .body("rows[0].delivered", equalTo(3))
        .body("rows[0].rated", equalTo(2))
        .body("rows[0].responseRate", equalTo(66.7f))
        .body("rows[0].averageRating", equalTo(3.5f))
        .body("rows[0].satisfiedRate", equalTo(50.0f))
        .body("rows[0].ratings", contains(0, 1, 0, 0, 1))
        .body("rows[0].onTimeRate", equalTo(100.0f))
        .body("rows[1].carrier", equalTo("fedex"))
        .body("rows[1].averageRating", equalTo(4.0f));

    given()
        .auth()
        .oauth2(store.supportKey())
        .queryParam("groupBy", "service")
        .get("/api/v1/insights/satisfaction")
        .then()
        .statusCode(200)
        .body("rows.find { it.service == 'Express' }.rated", equalTo(0))
        .body("rows.find { it.service == 'Express' }.averageRating", nullValue())
        .body("rows.find { it.service == 'Ground' }.delivered", equalTo(2));

    given()
        .auth()
        .oauth2(store.supportKey())
        .queryParam("groupBy", "lane")
        .get("/api/v1/insights/satisfaction")
        .then()
        .statusCode(200)
        .body("rows[0].origin", equalTo("NL"))
        .body("rows[0].destination", equalTo("DE"))
        .body("rows[0].delivered", equalTo(3))
        .body("rows[0].averageRating", equalTo(3.67f));

    String csv =
        given()
            .auth()
            .oauth2(store.supportKey())
            .queryParam("groupBy", "carrier")
            .get("/api/v1/insights/satisfaction.csv")
            .then()
            .statusCode(200)
            .contentType(containsString("text/csv"))
            .header("Content-Disposition", containsString("waybill-satisfaction-by-carrier-"))
            .extract()
            .asString();
    List<String> lines = List.of(csv.split("\r\n"));
    assertEquals(
        "\uFEFFcarrier,delivered,rated,response_rate_pct,average_rating,satisfied_rate_pct,"
            + "rated_1,rated_2,rated_3,rated_4,rated_5,on_time_rate_pct",
        lines.get(0));
    assertEquals("ups,3,2,66.7,3.50,50,0,1,0,0,1,100", lines.get(1));
    assertEquals("fedex,1,1,100,4.00,100,0,0,0,1,0,100", lines.get(2));
  }

  @Test
  void anUnknownGroupingIsRefusedNamingGroupBy() {
    TestStore store = TestStores.create();
    given()
        .auth()
        .oauth2(store.supportKey())
        .queryParam("groupBy", "weather")
        .get("/api/v1/insights/satisfaction")
        .then()
        .statusCode(400)
        .body("errors.field", hasItem("groupBy"));
  }

  @Test
  void theSatisfactionPanelsShowOnTheBoard() {
    Satisfaction.Report report =
        new Satisfaction.Report(
            new InsightsViews.Filters(LocalDate.now(), LocalDate.now(), null, null, null, null),
            "carrier",
            List.of(
                new Satisfaction.Row(
                    "ups",
                    "",
                    "",
                    "",
                    10,
                    4,
                    40.0,
                    4.25,
                    75.0,
                    List.of(0L, 0L, 1L, 1L, 2L),
                    90.0)));
    InsightsBoard.Panel panel = InsightsBoards.satisfaction(report);
    assertEquals("satisfaction-carrier", panel.id());
    assertEquals(List.of("UPS", "10", "4", "4.25", "75%", "90%"), panel.table().rows().get(0));
    assertEquals("4.3 / 5", InsightsBoards.rating(report).value());
  }
}
