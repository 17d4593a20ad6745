package dev.waybill.platform.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.waybill.platform.security.RequiresScope;
import dev.waybill.testing.Management;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The API document partners generate clients from. The contract is committed as {@link #CONTRACT}
 * and must equal what the app serves; after a deliberate API change, rewrite it with
 *
 * <pre>./mvnw test -Dtest=ApiContractTest -DupdateApiContract=true</pre>
 */
@QuarkusTest
class ApiContractTest {

  static final java.nio.file.Path CONTRACT = java.nio.file.Path.of("src/main/openapi/waybill.yaml");

  private static final Set<String> METHODS = Set.of("get", "put", "post", "patch", "delete");

  private static JsonNode doc;

  @BeforeEach
  void read() throws IOException {
    if (doc != null) {
      return;
    }
    doc =
        new ObjectMapper()
            .readTree(
                Management.given()
                    .get("/q/openapi?format=json")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString());
  }

  @Test
  void theServedDocumentIsTheCommittedContract() throws IOException {
    String served =
        Management.given()
            .accept("application/yaml")
            .get("/q/openapi")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    if (Boolean.getBoolean("updateApiContract")) {
      Files.writeString(CONTRACT, served, StandardCharsets.UTF_8);
    }
    assertEquals(
        Files.readString(CONTRACT, StandardCharsets.UTF_8),
        served,
        "The API changed: review it, then rewrite " + CONTRACT + " with -DupdateApiContract=true");
  }

  @Test
  void pagesConsoleSimulatorAndCarrierPushesStayOutOfTheContract() {
    List<String> outside = new ArrayList<>();
    doc.get("paths")
        .fieldNames()
        .forEachRemaining(
            p -> {
              if (!p.startsWith("/api/")) {
                outside.add(p);
              }
            });
    assertEquals(List.of(), outside);
    assertTrue(doc.get("paths").has("/api/v1/orders"));
  }

  @Test
  void everyOperationHasItsOwnIdAndADescribedTag() {
    Set<String> described = new HashSet<>();
    doc.get("tags")
        .forEach(
            t -> {
              assertFalse(t.path("description").asText().isBlank(), "tag " + t.get("name"));
              described.add(t.get("name").asText());
            });
    Set<String> ids = new HashSet<>();
    operations()
        .forEach(
            (where, op) -> {
              String id = op.path("operationId").asText();
              assertFalse(id.isBlank(), where + " has no operationId");
              assertTrue(ids.add(id), where + " repeats operationId " + id);
              assertEquals(1, op.path("tags").size(), where + " has one tag");
              assertTrue(described.contains(op.get("tags").get(0).asText()), where);
            });
  }

  /** Public means what the code enforces: no {@link RequiresScope} on the method or its class. */
  @Test
  void operationsNeedingNoKeySaySoAndEveryOtherNeedsTheBearerKey() {
    Map<String, Boolean> publicById = new HashMap<>();
    for (JavaClass type :
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.waybill")) {
      if (!type.isAnnotatedWith(Path.class)
          || !type.getAnnotationOfType(Path.class).value().startsWith("/api/")) {
        continue;
      }
      Class<?> resource = type.reflect();
      for (Method method : resource.getDeclaredMethods()) {
        Operation op = method.getAnnotation(Operation.class);
        if (op == null) {
          continue;
        }
        assertFalse(op.operationId().isBlank(), method + " needs an explicit operationId");
        publicById.put(
            op.operationId(),
            method.getAnnotation(RequiresScope.class) == null
                && resource.getAnnotation(RequiresScope.class) == null);
      }
    }
    Set<String> open = new HashSet<>();
    operations()
        .forEach(
            (where, op) -> {
              String id = op.get("operationId").asText();
              assertTrue(publicById.containsKey(id), where + " is not found in the code");
              JsonNode security = op.get("security");
              if (publicById.get(id)) {
                open.add(id);
                assertEquals("[]", String.valueOf(security), where + " needs no key");
              } else {
                assertEquals("[{\"bearerKey\":[]}]", String.valueOf(security), where);
              }
            });
    // The tracking token is the proof for these, as for the tracking page itself.
    assertEquals(Set.of("ping", "trackByToken", "getDeliveryFeedback", "rateDelivery"), open);
  }

  @Test
  void everyResponseHeaderHasASchema() {
    operations()
        .forEach(
            (where, op) ->
                op.path("responses")
                    .fields()
                    .forEachRemaining(
                        r ->
                            r.getValue()
                                .path("headers")
                                .fields()
                                .forEachRemaining(
                                    h ->
                                        assertTrue(
                                            h.getValue().has("schema"),
                                            where + " " + r.getKey() + " " + h.getKey()))));
  }

  @Test
  void theDocumentNamesItsServerAndLicence() {
    assertFalse(doc.path("servers").path(0).path("url").asText().isBlank());
    assertEquals("Apache-2.0", doc.path("info").path("license").path("name").asText());
    assertTrue(doc.path("info").path("license").path("url").asText().startsWith("https://"));
  }

  private static Map<String, JsonNode> operations() {
    Map<String, JsonNode> all = new HashMap<>();
    doc.get("paths")
        .fields()
        .forEachRemaining(
            path ->
                path.getValue()
                    .fields()
                    .forEachRemaining(
                        m -> {
                          if (METHODS.contains(m.getKey())) {
                            all.put(m.getKey().toUpperCase() + " " + path.getKey(), m.getValue());
                          }
                        }));
    return all;
  }
}
