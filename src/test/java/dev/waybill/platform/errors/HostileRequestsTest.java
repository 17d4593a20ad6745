package dev.waybill.platform.errors;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.waybill.testing.Management;
import dev.waybill.testing.TestAgents;
import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Reads the served API document and sends every documented machine-facing operation hostile
 * variants of a valid request: wrong types, nulls, missing fields, huge and deeply nested values,
 * broken encodings, wrong content types, odd path and query values, and bad credentials. Every
 * answer must come within the timeout and be no 5xx; every {@code /api} error must be an RFC 9457
 * problem document whose status is the HTTP status. New operations are covered as they appear in
 * the document.
 */
@QuarkusTest
class HostileRequestsTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final int HUGE = 100_000;
  private static final int BEYOND_LIMIT = 300 * 1024;
  private static final int DEEP = 10_000;
  private static final int MANY = 10_000;
  private static final String MARKER = "\"__hostile__\"";
  private static final String UNIQUE = "\"__unique__\"";

  /**
   * A new shopper's address per request: shopper sign-ins are limited per email, so variants
   * sharing one address would be throttled before they are validated.
   */
  private static final String UNIQUE_EMAIL = "\"__unique_email__\"";

  private boolean freshEmails;
  private static final String ABSENT_UUID = "00000000-0000-4000-8000-000000000000";

  /**
   * A request line or header block over the HTTP codec's limits is refused by the codec itself, and
   * a request target that is not a valid URI by the HTTP layer's first check (a bare 400, see
   * {@link #validUri}), before there is a request to route: no problem document can be written for
   * them.
   */
  private static final Set<Integer> CODEC_REFUSALS = Set.of(414, 431);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Pattern DESTRUCTIVE = Pattern.compile(".*/(revoke|erasures|rotate-secret)$");

  private JsonNode document;
  private RawHttp http;
  private TestStore store;
  private String fullKey;
  private final Map<String, String> fixtures = new LinkedHashMap<>();
  private final List<String> failures = new ArrayList<>();
  private int sent;
  private int created;
  private final List<String> baselines = new ArrayList<>();

  /** One documented operation. */
  record Operation(String method, String path, JsonNode spec, List<JsonNode> parameters) {

    String label() {
      return method + " " + path;
    }

    boolean api() {
      return path.startsWith("/api/");
    }

    boolean secured() {
      return spec.path("security").size() > 0;
    }

    boolean destructive() {
      return method.equals("DELETE") || DESTRUCTIVE.matcher(path).matches();
    }

    /** Changes the store the test's keys belong to: its rate limits, for one. */
    boolean changesStore() {
      return (method.equals("PATCH") || method.equals("PUT")) && path.endsWith("/{slug}");
    }

    List<JsonNode> parameters(String in) {
      return parameters.stream().filter(p -> in.equals(p.path("in").asText())).toList();
    }
  }

  /** A request under construction; each variant changes one thing of the operation's baseline. */
  final class Call {
    final Operation op;
    String method;
    final Map<String, String> path = new LinkedHashMap<>();
    final List<String> query = new ArrayList<>();
    final Map<String, String> headers = new LinkedHashMap<>();
    byte[] body;
    boolean chunked;
    String suffix = "";
    boolean notFoundIsWrong;

    Call(Operation op) {
      this.op = op;
      this.method = op.method();
    }

    Call copy() {
      Call c = new Call(op);
      c.method = method;
      c.path.putAll(path);
      c.query.addAll(query);
      c.headers.putAll(headers);
      c.body = body;
      c.chunked = chunked;
      c.suffix = suffix;
      return c;
    }

    Call header(String name, String value) {
      Call c = copy();
      if (value == null) {
        c.headers.remove(name);
      } else {
        c.headers.put(name, value);
      }
      return c;
    }

    Call body(byte[] bytes) {
      Call c = copy();
      c.body = bytes;
      return c;
    }

    Call body(String text) {
      return body(text.getBytes(StandardCharsets.UTF_8));
    }

    RawHttp.Request request() {
      String target = op.path();
      for (Map.Entry<String, String> e : path.entrySet()) {
        target = target.replace("{" + e.getKey() + "}", e.getValue());
      }
      target += suffix;
      if (!query.isEmpty()) {
        target += "?" + String.join("&", query);
      }
      RawHttp.Request r =
          new RawHttp.Request(
              method, target.getBytes(StandardCharsets.UTF_8), new ArrayList<>(), null, false);
      for (Map.Entry<String, String> h : headers.entrySet()) {
        r = r.header(h.getKey(), h.getValue());
      }
      if (body != null) {
        // Each create gets a new number, so it reaches the insert rather than a conflict.
        byte[] fresh =
            replace(
                replace(
                    body,
                    UNIQUE.getBytes(StandardCharsets.UTF_8),
                    ("\"fz-" + (++created) + "\"").getBytes(StandardCharsets.UTF_8)),
                UNIQUE_EMAIL.getBytes(StandardCharsets.UTF_8),
                ("\"fz-" + (++created) + "@example.com\"").getBytes(StandardCharsets.UTF_8));
        r = chunked ? r.chunkedBody(fresh) : r.body(fresh);
      }
      return r;
    }
  }

  @Test
  void everyDocumentedOperationAnswersHostileInputWithAProblem() throws Exception {
    document =
        JSON.readTree(Management.given().get("/q/openapi?format=json").then().extract().asString());
    http = new RawHttp(RestAssured.port, TIMEOUT);
    setUpFixtures();
    List<Operation> operations = operations();
    assertTrue(operations.size() > 20, "the API document lists the operations");
    long start = System.nanoTime();
    for (Operation op : operations) {
      attack(op);
    }
    org.jboss.logging.Logger.getLogger(HostileRequestsTest.class)
        .infof(
            "Sent %d hostile requests to %d operations in %d s",
            sent, operations.size(), (System.nanoTime() - start) / 1_000_000_000);
    org.jboss.logging.Logger.getLogger(HostileRequestsTest.class)
        .infof("Baseline answers:%n  %s", String.join("\n  ", baselines));
    StringBuilder message = new StringBuilder();
    message.append(failures.size()).append(" of ").append(sent).append(" answers were wrong:\n");
    failures.stream().limit(400).forEach(f -> message.append("  ").append(f).append('\n'));
    assertTrue(failures.isEmpty(), message.toString());
  }

  // ---------------------------------------------------------------------------------- fixtures

  private void setUpFixtures() {
    store = TestStores.create();
    fullKey = TestStores.key(store.slug(), "orders:write", "tracking:read", "support", "admin");
    String orderNumber = TestStores.orderNumber();
    String shipmentId =
        TestStores.orderWithShipment(store, orderNumber, "ada@example.com", TestStores.upsNumber());
    String token =
        store
            .merchant()
            .get("/api/v1/orders/" + orderNumber)
            .then()
            .statusCode(200)
            .extract()
            .path("trackingToken");
    fixtures.put("slug", store.slug());
    fixtures.put("orderNumber", orderNumber);
    fixtures.put("shipmentId", shipmentId);
    fixtures.put("shipments", shipmentId);
    fixtures.put("token", token);
    fixtures.put("source", "waybill-sim");
    fixtures.put("email", "ada@example.com");
    fixtures.put("country", "DE");
    fixtures.put("trackingKey", store.trackingKey());
    // Disposable resources for the operations that change or remove them.
    put(
        "endpoints",
        asKey()
            .body(
                Map.of(
                    "url",
                    "https://hooks.example.com/waybill",
                    "eventTypes",
                    List.of("shipment.status_changed")))
            .post("/api/v1/webhooks/endpoints"));
    put("claims", asKey().body(Map.of("shipmentId", shipmentId)).post("/api/v1/support/claims"));
    put(
        "keyId",
        TestStores.platformAdmin()
            .body(Map.of("scopes", List.of("tracking:read")))
            .post("/api/v1/admin/stores/" + store.slug() + "/keys"));
    String agent = "agent-" + store.slug() + "@example.com";
    TestAgents.add(store.slug(), agent, "Dana", "correct horse battery", null);
    fixtures.put(
        "agentId",
        asKey()
            .get("/api/v1/admin/stores/" + store.slug() + "/agents")
            .jsonPath()
            .getString("find { it.email == '" + agent + "' }.id"));
    put(
        "invitationId",
        asKey()
            .body(Map.of("email", "invited-" + store.slug() + "@example.com", "name", "Robin"))
            .post("/api/v1/admin/stores/" + store.slug() + "/agents"));
  }

  private io.restassured.specification.RequestSpecification asKey() {
    return given().auth().oauth2(fullKey).contentType(ContentType.JSON);
  }

  private void put(String name, io.restassured.response.Response created) {
    String id = created.statusCode() < 300 ? created.jsonPath().getString("id") : null;
    fixtures.put(name, id == null ? ABSENT_UUID : id);
  }

  // -------------------------------------------------------------------------------- operations

  private List<Operation> operations() {
    List<Operation> safe = new ArrayList<>();
    List<Operation> destructive = new ArrayList<>();
    List<Operation> store = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields();
    while (paths.hasNext()) {
      Map.Entry<String, JsonNode> item = paths.next();
      Iterator<Map.Entry<String, JsonNode>> methods = item.getValue().fields();
      while (methods.hasNext()) {
        Map.Entry<String, JsonNode> m = methods.next();
        String method = m.getKey().toUpperCase(Locale.ROOT);
        if (!Set.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
          continue;
        }
        List<JsonNode> params = new ArrayList<>();
        item.getValue().path("parameters").forEach(params::add);
        m.getValue().path("parameters").forEach(params::add);
        Operation op = new Operation(method, item.getKey(), m.getValue(), params);
        if (!machineFacing(op)) {
          continue;
        }
        (op.changesStore() ? store : op.destructive() ? destructive : safe).add(op);
      }
    }
    // Operations that remove or revoke what the others use run last, and the ones that change
    // the test's own store after them.
    safe.addAll(destructive);
    safe.addAll(store);
    return safe;
  }

  /** The JSON API and anything else that takes a machine's body (not the shoppers' forms). */
  private static boolean machineFacing(Operation op) {
    if (op.api()) {
      return true;
    }
    JsonNode content = op.spec().path("requestBody").path("content");
    Iterator<String> types = content.fieldNames();
    while (types.hasNext()) {
      if (!types.next().startsWith("application/x-www-form-urlencoded")) {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------------------------- variants

  private void attack(Operation op) {
    Call base = baseline(op);
    if (op.secured()) {
      base = withCredentials(base);
      authVariants(base);
    }
    for (JsonNode p : op.parameters("path")) {
      pathVariants(base, p);
    }
    pathShapeVariants(base);
    for (JsonNode p : op.parameters("query")) {
      queryVariants(base, p);
    }
    queryShapeVariants(base);
    headerVariants(base);
    methodVariant(base);
    if (op.spec().has("requestBody")) {
      bodyVariants(base);
    } else if (!op.method().equals("GET") && !op.method().equals("DELETE")) {
      check("unexpected broken body", base.header("Content-Type", "application/json").body("{"));
      check("unexpected body beyond the limit", base.body(filler(BEYOND_LIMIT)));
    }
  }

  private Call baseline(Operation op) {
    Call call = new Call(op);
    for (JsonNode p : op.parameters("path")) {
      call.path.put(p.path("name").asText(), pathValue(op, p));
    }
    for (JsonNode p : op.parameters("query")) {
      if (p.path("required").asBoolean()) {
        String name = p.path("name").asText();
        call.query.add(name + "=" + encode(sampleText(name, resolve(p.path("schema")))));
      }
    }
    JsonNode content = op.spec().path("requestBody").path("content");
    if (content.size() > 0) {
      String type =
          content.has("application/json") ? "application/json" : content.fieldNames().next();
      call.headers.put("Content-Type", type);
      JsonNode schema = resolve(content.path(type).path("schema"));
      if (type.contains("json")) {
        freshEmails = op.path().startsWith("/api/v1/shopper/");
        call.body = write(sample(schema, "", 0));
        freshEmails = false;
      } else {
        call.body = "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8);
      }
    }
    return call;
  }

  /** The first credential that the operation lets through, so variants reach validation. */
  private Call withCredentials(Call base) {
    List<String> candidates = List.of(fullKey, TestStores.adminToken());
    for (String key : candidates) {
      Call c = base.header("Authorization", "Bearer " + key);
      RawHttp.Request request = c.request();
      RawHttp.Answer a = http.send(request);
      sent++;
      record(base.op, "baseline", request.targetText(), a, false);
      if (a.status() != 401 && a.status() != 403) {
        baselines.add(base.op.label() + " -> " + a.status());
        return c;
      }
    }
    return base.header("Authorization", "Bearer " + fullKey);
  }

  private void authVariants(Call base) {
    check("no credentials", base.header("Authorization", null));
    check("basic credentials", base.header("Authorization", "Basic Zm9vOmJhcg=="));
    check("empty bearer", base.header("Authorization", "Bearer "));
    check("bearer without a key", base.header("Authorization", "Bearer"));
    check("huge bearer", base.header("Authorization", "Bearer wb_sec_" + "x".repeat(5000)));
    check(
        "bearer with bytes outside ASCII",
        base.header("Authorization", "Bearer wb_sec_\u00ff\u00e9"));
    check("unknown key", base.header("Authorization", "Bearer wb_sec_abcd1234_" + "y".repeat(32)));
    check("publishable key", base.header("Authorization", "Bearer " + fixtures.get("trackingKey")));
  }

  private static final List<String> ODD_PATH_VALUES =
      List.of(
          "",
          "%20",
          "..",
          "%2E%2E",
          "%00",
          "a%00b",
          "%2F",
          "a%2Fb",
          "%252F",
          "%ZZ",
          "%",
          "%C0%AF",
          "%C0%80",
          "%FF%FE",
          "%ED%A0%80",
          "%C3%A9%E2%9C%93%F0%9F%98%80",
          "-1",
          "0",
          "99999999999999999999999999",
          "1e308",
          "null",
          "true",
          "%27%20OR%201%3D1--",
          "%22%7B%7D%5B%5D%5C",
          "%7B%22%24ne%22%3A1%7D",
          "%3Cscript%3E",
          "00000000-0000-0000-0000-00000000000g",
          "a;b=c",
          "x".repeat(2000));

  private void pathVariants(Call base, JsonNode param) {
    String name = param.path("name").asText();
    for (String value : ODD_PATH_VALUES) {
      Call c = base.copy();
      c.path.put(name, value);
      check("path " + name + "=" + abbreviate(value), c);
    }
    Call tooLong = base.copy();
    tooLong.path.put(name, "x".repeat(20_000));
    check("path " + name + " of 20000 characters", tooLong);
  }

  private void pathShapeVariants(Call base) {
    Call slash = base.copy();
    slash.suffix = "/";
    check("trailing slash", slash);
    Call nul = base.copy();
    nul.suffix = "%00";
    check("trailing %00", nul);
    Call matrix = base.copy();
    matrix.suffix = ";x=1";
    check("matrix parameter", matrix);
  }

  private void queryVariants(Call base, JsonNode param) {
    String name = param.path("name").asText();
    JsonNode schema = resolve(param.path("schema"));
    String type = type(schema);
    List<String> values =
        new ArrayList<>(List.of("", "%00", "%FF", "%ZZ", "%C0%AF", "..", "%ED%A0%80"));
    values.add("x".repeat(2000));
    values.add("%27%20OR%201%3D1--");
    values.add("%22%7B%7D%5B%5D%5C");
    boolean typed = type.equals("integer") || type.equals("number") || type.equals("boolean");
    if (typed) {
      values.addAll(List.of("abc", "1.5", "-1", "99999999999999999999999", "1e400", "true", "[]"));
    } else if (schema.has("enum")) {
      values.add("NOT_A_VALUE");
    } else {
      values.addAll(List.of("-1", "2026-13-45", "2026-02-30T25:61:00Z", "%C3%A9%E2%9C%93"));
    }
    for (String value : values) {
      Call c = base.copy();
      c.query.removeIf(q -> q.startsWith(name + "="));
      c.query.add(name + "=" + value);
      // A value that is not a number is a bad request, not a missing resource.
      c.notFoundIsWrong = typed && !value.matches("-?[0-9]+");
      check("query " + name + "=" + abbreviate(value), c);
    }
    Call twice = base.copy();
    twice.query.add(name + "=1");
    twice.query.add(name + "=2");
    check("query " + name + " twice", twice);
    if (param.path("required").asBoolean()) {
      Call missing = base.copy();
      missing.query.removeIf(q -> q.startsWith(name + "="));
      check("query " + name + " missing", missing);
    }
  }

  private void queryShapeVariants(Call base) {
    Call unknown = base.copy();
    unknown.query.add("unknown=%FF");
    check("unknown query parameter", unknown);
    Call broken = base.copy();
    broken.query.add("%ZZ=1&&=&a");
    check("broken query string", broken);
    Call huge = base.copy();
    huge.query.add("q=" + "x".repeat(20_000));
    check("query of 20000 characters", huge);
  }

  private void headerVariants(Call base) {
    check("accept xml", base.header("Accept", "application/xml"));
    check("accept html only", base.header("Accept", "text/html"));
    check("accept garbage", base.header("Accept", ";;garbage/"));
    check("idempotency key of 5000 characters", base.header("Idempotency-Key", "k".repeat(5000)));
    check("idempotency key outside ASCII", base.header("Idempotency-Key", "\u00ff\u00e9"));
    check("garbage if-none-match", base.header("If-None-Match", "\"\u00ff, W/,,*"));
    check("header of 64 KB", base.header("X-Padding", "p".repeat(64 * 1024)));
    check("forwarded-for garbage", base.header("X-Forwarded-For", "::::, 999.1.1.1, ,"));
  }

  private void methodVariant(Call base) {
    JsonNode item = document.path("paths").path(base.op.path());
    for (String method : List.of("PUT", "PATCH", "DELETE", "POST", "GET")) {
      if (!item.has(method.toLowerCase(Locale.ROOT))) {
        Call c = base.copy();
        c.method = method;
        check("undocumented method " + method, c);
        return;
      }
    }
  }

  private void bodyVariants(Call base) {
    String type = base.headers.getOrDefault("Content-Type", "application/json");
    byte[] valid = base.body;
    // Whole bodies.
    check("no body", base.body((byte[]) null));
    check("empty body", base.body(""));
    for (String raw :
        List.of(
            "{}",
            "[]",
            "null",
            "0",
            "\"text\"",
            "{",
            "{\"a\":",
            "{}}",
            "{} {}",
            "[1,2",
            "{\"a\":1,\"a\":2}",
            "{'a':1}",
            "NaN",
            "{\"a\":1e400}")) {
      check("body " + raw, base.body(raw));
    }
    check("arrays nested " + DEEP + " deep", base.body("[".repeat(DEEP) + "]".repeat(DEEP)));
    check(
        "objects nested " + DEEP + " deep",
        base.body("{\"a\":".repeat(DEEP) + "1" + "}".repeat(DEEP)));
    check(
        "unknown property of " + HUGE + " characters",
        base.body(withUnknownProperty(valid, "\"" + "a".repeat(HUGE) + "\"")));
    check("body beyond the limit", base.body(filler(BEYOND_LIMIT)));
    Call chunked = base.body(filler(BEYOND_LIMIT));
    chunked.chunked = true;
    check("chunked body beyond the limit", chunked);
    Call chunkedValid = base.body(valid);
    chunkedValid.chunked = true;
    check("chunked valid body", chunkedValid);
    // Encodings.
    byte[] withMarker = withStringMarker(base);
    Map<String, byte[]> encodings = new LinkedHashMap<>();
    encodings.put("invalid UTF-8 byte FF", bytes("\"a", 0xFF, "b\""));
    encodings.put("invalid UTF-8 sequence C3 28", bytes("\"", 0xC3, 0x28, "\""));
    encodings.put("overlong slash C0 AF", bytes("\"", 0xC0, 0xAF, "\""));
    encodings.put("overlong NUL C0 80", bytes("\"", 0xC0, 0x80, "\""));
    encodings.put("raw NUL byte", bytes("\"a", 0x00, "b\""));
    encodings.put("raw control byte", bytes("\"a", 0x07, "b\""));
    encodings.put("UTF-8 encoded surrogate ED A0 80", bytes("\"", 0xED, 0xA0, 0x80, "\""));
    encodings.put("code point beyond U+10FFFF", bytes("\"", 0xF4, 0x90, 0x80, 0x80, "\""));
    encodings.put("truncated sequence E2 82", bytes("\"", 0xE2, 0x82, "\""));
    encodings.put("escaped NUL", "\"a\\u0000b\"".getBytes(StandardCharsets.US_ASCII));
    encodings.put("escaped lone surrogate", "\"\\ud800\"".getBytes(StandardCharsets.US_ASCII));
    encodings.put("broken escape", "\"\\uZZZZ\"".getBytes(StandardCharsets.US_ASCII));
    for (Map.Entry<String, byte[]> e : encodings.entrySet()) {
      check(e.getKey(), base.body(replaceMarker(withMarker, e.getValue())));
    }
    check(
        "byte order mark",
        base.body(concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, valid)));
    String validText = new String(valid, StandardCharsets.UTF_8);
    check(
        "UTF-16 body",
        base.header("Content-Type", "application/json; charset=UTF-16")
            .body(validText.getBytes(StandardCharsets.UTF_16)));
    check("UTF-16 body without charset", base.body(validText.getBytes(StandardCharsets.UTF_16LE)));
    check(
        "latin1 body",
        base.header("Content-Type", "application/json; charset=latin1")
            .body(
                replaceMarker(
                    withMarker, "\"caf\u00e9\"".getBytes(Charset.forName("ISO-8859-1")))));
    // Content types.
    Map<String, byte[]> types = new LinkedHashMap<>();
    types.put("text/plain", valid);
    types.put("application/x-www-form-urlencoded", "a=b&c=%FF".getBytes(StandardCharsets.US_ASCII));
    types.put("application/xml", "<order><a>1</a></order>".getBytes(StandardCharsets.US_ASCII));
    types.put("multipart/form-data", valid);
    types.put("application/octet-stream", new byte[] {0, 1, 2, (byte) 0xFF});
    types.put("application/json; charset=nonsense", valid);
    types.put("application/json; charset=latin1", valid);
    types.put("garbage", valid);
    types.put(";;", valid);
    types.put("application/json, text/plain", valid);
    types.put("application/problem+json", valid);
    for (Map.Entry<String, byte[]> e : types.entrySet()) {
      check(
          "content type " + e.getKey(), base.header("Content-Type", e.getKey()).body(e.getValue()));
    }
    check("no content type", base.header("Content-Type", null));
    check("no content type nor body", base.header("Content-Type", null).body((byte[]) null));
    if (type.contains("json")) {
      propertyVariants(base);
    }
  }

  private void propertyVariants(Call base) {
    JsonNode schema =
        resolve(
            base.op
                .spec()
                .path("requestBody")
                .path("content")
                .path("application/json")
                .path("schema"));
    JsonNode valid;
    try {
      valid = JSON.readTree(base.body);
    } catch (Exception e) {
      return;
    }
    List<Leaf> leaves = new ArrayList<>();
    leaves(schema, List.of(), 0, leaves);
    boolean deepDone = false;
    for (Leaf leaf : leaves) {
      String at = pointer(leaf.path());
      if (leaf.required()) {
        JsonNode without = withValue(valid, schema, leaf.path(), null);
        if (without != null) {
          check(at + " missing", base.body(write(without)));
        }
      }
      List<String> values = hostileValues(leaf);
      if (!deepDone && type(leaf.schema()).equals("object")) {
        values.add("{\"a\":".repeat(DEEP) + "1" + "}".repeat(DEEP));
        deepDone = true;
      }
      JsonNode marked = withValue(valid, schema, leaf.path(), TextNode.valueOf("__hostile__"));
      if (marked == null) {
        continue;
      }
      byte[] template = write(marked);
      for (String value : values) {
        check(
            at + "=" + abbreviate(value),
            base.body(replaceMarker(template, value.getBytes(StandardCharsets.UTF_8))));
      }
    }
  }

  private List<String> hostileValues(Leaf leaf) {
    JsonNode s = leaf.schema();
    String type = type(s);
    List<String> values = new ArrayList<>();
    values.add("null");
    switch (type) {
      case "string" -> {
        values.addAll(List.of("true", "{}", "[]", "\"\"", "\"   \""));
        values.add("\"" + "a".repeat(HUGE) + "\"");
        values.add("\"a\\u0000b\"");
        values.add("\"\\ud800\"");
        values.add("\"\\udc00x\\ud800\"");
        values.add("\"' OR 1=1; --\"");
        values.add("\"\\u00fc\\u2713\\ud83d\\ude00\"");
        values.add("\"../../etc/passwd\"");
        if (s.has("enum")) {
          values.add("\"NOT_A_VALUE\"");
          values.add("\"" + s.path("enum").path(0).asText().toLowerCase(Locale.ROOT) + "\"");
        }
        String format = s.path("format").asText();
        if (!format.isEmpty()) {
          values.addAll(
              List.of(
                  "\"not-a-" + format + "\"",
                  "\"2026-02-30\"",
                  "\"-999999999-01-01T00:00:00Z\"",
                  "12345"));
        }
      }
      case "integer", "number" ->
          values.addAll(
              List.of(
                  "\"abc\"",
                  "1.5",
                  "1e400",
                  "-1e400",
                  "99999999999999999999999",
                  "-99999999999999999999999",
                  "2147483648",
                  "-1",
                  "true",
                  "{}",
                  "[]",
                  "\"\""));
      case "boolean" -> values.addAll(List.of("\"maybe\"", "2", "{}", "[]", "\"\""));
      case "array" -> {
        values.addAll(List.of("\"text\"", "{}", "1", "[null]", "[[]]"));
        String item =
            new String(write(sample(resolve(s.path("items")), "", 0)), StandardCharsets.UTF_8);
        int n = item.length() * MANY > 2_000_000 ? 1000 : MANY;
        values.add("[" + String.join(",", java.util.Collections.nCopies(n, item)) + "]");
        values.add("[" + String.join(",", java.util.Collections.nCopies(MANY, "1")) + "]");
      }
      default -> values.addAll(List.of("\"text\"", "1", "[]", "[{}]", "{\"unknown\":{}}"));
    }
    return values;
  }

  // ---------------------------------------------------------------------------------- checking

  private void check(String variant, Call call) {
    RawHttp.Request request = call.request();
    RawHttp.Answer answer = http.send(request);
    sent++;
    record(call.op, variant, request.targetText(), answer, call.notFoundIsWrong);
  }

  private void record(
      Operation op, String variant, String target, RawHttp.Answer a, boolean notFoundIsWrong) {
    String wrong = verdict(op, target, a, notFoundIsWrong);
    if (wrong != null) {
      failures.add(op.label() + " [" + variant + "] " + wrong);
    }
  }

  private static boolean validUri(String target) {
    try {
      new java.net.URI(target);
      return true;
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }

  private static String verdict(
      Operation op, String target, RawHttp.Answer a, boolean notFoundIsWrong) {
    if (a.failure() != null) {
      return a.failure();
    }
    String seen = a.status() + " " + a.header("content-type") + " " + excerpt(a.bodyText());
    if (a.status() >= 500) {
      return "server error: " + seen;
    }
    if (a.status() == 429) {
      // Tests run with generous limits: a variant that is throttled never reached validation.
      return "throttled, so never validated: " + seen;
    }
    if (notFoundIsWrong && a.status() == 404) {
      return "a bad query value answered as a missing resource: " + seen;
    }
    if (!op.api() || a.status() < 400) {
      return null;
    }
    if (a.body().length == 0
        && (CODEC_REFUSALS.contains(a.status()) || a.status() == 400 && !validUri(target))) {
      return null;
    }
    String contentType = a.header("content-type");
    if (contentType == null || !contentType.startsWith(Problem.MEDIA_TYPE)) {
      return "not a problem document: " + seen;
    }
    try {
      JsonNode problem = JSON.readTree(a.body());
      if (!problem.path("type").isTextual()
          || !problem.path("title").isTextual()
          || problem.path("status").asInt() != a.status()) {
        return "problem without type, title or matching status: " + seen;
      }
    } catch (Exception e) {
      return "problem document does not parse: " + seen;
    }
    return null;
  }

  // ------------------------------------------------------------------------------------ schemas

  record Leaf(List<Object> path, JsonNode schema, boolean required) {}

  private JsonNode resolve(JsonNode schema) {
    JsonNode s = schema == null || schema.isMissingNode() ? NODES.objectNode() : schema;
    for (int guard = 0; s.has("$ref") && guard < 10; guard++) {
      String ref = s.path("$ref").asText();
      JsonNode target = document.at(ref.substring(1));
      ObjectNode merged = target.isObject() ? target.deepCopy() : NODES.objectNode();
      s.fields()
          .forEachRemaining(
              e -> {
                if (!e.getKey().equals("$ref")) {
                  merged.set(e.getKey(), e.getValue());
                }
              });
      s = merged;
    }
    if (s.has("allOf")) {
      ObjectNode merged = NODES.objectNode();
      for (JsonNode part : s.path("allOf")) {
        merged.setAll((ObjectNode) resolve(part).deepCopy());
      }
      s.fields()
          .forEachRemaining(
              e -> {
                if (!e.getKey().equals("allOf")) {
                  merged.set(e.getKey(), e.getValue());
                }
              });
      s = merged;
    }
    return s;
  }

  private static String type(JsonNode s) {
    JsonNode type = s.path("type");
    if (type.isTextual()) {
      return type.asText();
    }
    if (type.isArray()) {
      for (JsonNode t : type) {
        if (!t.asText().equals("null")) {
          return t.asText();
        }
      }
    }
    if (s.has("properties")) {
      return "object";
    }
    if (s.has("items")) {
      return "array";
    }
    return s.has("enum") ? "string" : "object";
  }

  private JsonNode sample(JsonNode s, String name, int depth) {
    if (name.equals("orderNumber")) {
      return TextNode.valueOf("__unique__");
    }
    if (name.equals("email") && freshEmails) {
      return TextNode.valueOf("__unique_email__");
    }
    if (fixtures.containsKey(name) && !name.equals("slug")) {
      return TextNode.valueOf(fixtures.get(name));
    }
    if (name.equals("slug")) {
      return TextNode.valueOf("fz-" + UUID.randomUUID().toString().substring(0, 8));
    }
    if (s.path("examples").size() > 0) {
      return s.path("examples").path(0);
    }
    if (s.has("example")) {
      return s.path("example");
    }
    if (s.has("default")) {
      return s.path("default");
    }
    if (s.path("enum").size() > 0) {
      return s.path("enum").path(0);
    }
    switch (type(s)) {
      case "string":
        return TextNode.valueOf(sampleText(name, s));
      case "integer":
      case "number":
        return NODES.numberNode(s.has("minimum") ? s.path("minimum").asLong() : 1);
      case "boolean":
        return NODES.booleanNode(false);
      case "array":
        ArrayNode array = NODES.arrayNode();
        if (depth < 6) {
          array.add(sample(resolve(s.path("items")), "", depth + 1));
        }
        return array;
      default:
        ObjectNode object = NODES.objectNode();
        if (depth < 6) {
          Set<String> required = required(s);
          s.path("properties")
              .fields()
              .forEachRemaining(
                  e -> {
                    if (required.contains(e.getKey())) {
                      object.set(e.getKey(), sample(resolve(e.getValue()), e.getKey(), depth + 1));
                    }
                  });
        }
        return object;
    }
  }

  private String sampleText(String name, JsonNode s) {
    if (fixtures.containsKey(name)) {
      return fixtures.get(name);
    }
    return switch (s.path("format").asText()) {
      case "uuid" -> ABSENT_UUID;
      case "date" -> "2026-12-01";
      case "date-time" -> "2026-12-01T10:00:00Z";
      default -> {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.contains("url")) {
          yield "https://hooks.example.com/waybill";
        }
        if (lower.contains("password")) {
          yield "correct horse battery";
        }
        yield "sample";
      }
    };
  }

  private static Set<String> required(JsonNode s) {
    Set<String> names = new LinkedHashSet<>();
    s.path("required").forEach(n -> names.add(n.asText()));
    return names;
  }

  private void leaves(JsonNode schema, List<Object> path, int depth, List<Leaf> out) {
    if (depth > 4) {
      return;
    }
    String type = type(schema);
    if (type.equals("object")) {
      Set<String> required = required(schema);
      schema
          .path("properties")
          .fields()
          .forEachRemaining(
              e -> {
                List<Object> p = new ArrayList<>(path);
                p.add(e.getKey());
                JsonNode child = resolve(e.getValue());
                out.add(new Leaf(p, child, required.contains(e.getKey())));
                leaves(child, p, depth + 1, out);
              });
    } else if (type.equals("array")) {
      List<Object> p = new ArrayList<>(path);
      p.add(0);
      JsonNode child = resolve(schema.path("items"));
      out.add(new Leaf(p, child, false));
      leaves(child, p, depth + 1, out);
    }
  }

  /** The body with the value at the path replaced (null: removed), parents made as needed. */
  private JsonNode withValue(JsonNode body, JsonNode schema, List<Object> path, JsonNode value) {
    JsonNode root = body.deepCopy();
    JsonNode node = root;
    JsonNode s = schema;
    for (int i = 0; i < path.size(); i++) {
      Object seg = path.get(i);
      boolean last = i == path.size() - 1;
      JsonNode childSchema =
          seg instanceof String name
              ? resolve(s.path("properties").path(name))
              : resolve(s.path("items"));
      if (seg instanceof String name) {
        if (!(node instanceof ObjectNode object)) {
          return null;
        }
        if (last) {
          if (value == null) {
            object.remove(name);
          } else {
            object.set(name, value);
          }
          return root;
        }
        if (!object.path(name).isContainerNode()) {
          object.set(name, sample(childSchema, name, 0));
        }
        node = object.get(name);
      } else {
        if (!(node instanceof ArrayNode array)) {
          return null;
        }
        if (array.isEmpty()) {
          array.add(sample(childSchema, "", 0));
        }
        if (last) {
          if (value == null) {
            array.remove(0);
          } else {
            array.set(0, value);
          }
          return root;
        }
        node = array.get(0);
      }
      s = childSchema;
    }
    return null;
  }

  /** The body with the hostile marker in its first string field (or in an extra one). */
  private byte[] withStringMarker(Call base) {
    try {
      JsonNode body = JSON.readTree(base.body);
      if (body instanceof ObjectNode object) {
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
          Map.Entry<String, JsonNode> e = fields.next();
          if (e.getValue().isTextual()) {
            e.setValue(TextNode.valueOf("__hostile__"));
            return write(object);
          }
        }
        object.set("note", TextNode.valueOf("__hostile__"));
        return write(object);
      }
    } catch (Exception e) {
      // Not JSON: the marker stands alone.
    }
    return MARKER.getBytes(StandardCharsets.UTF_8);
  }

  // ------------------------------------------------------------------------------------ helpers

  private String pathValue(Operation op, JsonNode param) {
    String name = param.path("name").asText();
    String template = op.path();
    int at = template.indexOf("{" + name + "}");
    String before = template.substring(0, Math.max(0, at - 1));
    String segment = before.substring(before.lastIndexOf('/') + 1);
    if (name.equals("id") && fixtures.containsKey(segment)) {
      return fixtures.get(segment);
    }
    if (fixtures.containsKey(name)) {
      return encode(fixtures.get(name));
    }
    return encode(sampleText(name, resolve(param.path("schema"))));
  }

  private static String encode(String value) {
    return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static byte[] write(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] withUnknownProperty(byte[] valid, String rawValue) {
    String text = new String(valid, StandardCharsets.UTF_8).trim();
    if (text.startsWith("{") && text.length() > 2) {
      return ("{\"unknownProperty\":" + rawValue + "," + text.substring(1))
          .getBytes(StandardCharsets.UTF_8);
    }
    return ("{\"unknownProperty\":" + rawValue + "}").getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] filler(int size) {
    StringBuilder sb = new StringBuilder(size + 16).append("{\"a\":\"");
    sb.append("f".repeat(size));
    return sb.append("\"}").toString().getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] replaceMarker(byte[] template, byte[] value) {
    byte[] replaced = replace(template, MARKER.getBytes(StandardCharsets.UTF_8), value);
    return replaced == template ? value : replaced;
  }

  private static byte[] replace(byte[] template, byte[] marker, byte[] value) {
    for (int i = 0; i <= template.length - marker.length; i++) {
      boolean match = true;
      for (int j = 0; j < marker.length && match; j++) {
        match = template[i + j] == marker[j];
      }
      if (match) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(template, 0, i);
        out.writeBytes(value);
        out.write(template, i + marker.length, template.length - i - marker.length);
        return out.toByteArray();
      }
    }
    return template;
  }

  private static byte[] bytes(Object... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object part : parts) {
      if (part instanceof String text) {
        out.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
      } else {
        out.write((Integer) part);
      }
    }
    return out.toByteArray();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static String pointer(List<Object> path) {
    StringBuilder sb = new StringBuilder();
    for (Object seg : path) {
      if (seg instanceof Integer i) {
        sb.append('[').append(i).append(']');
      } else {
        sb.append(sb.length() == 0 ? "" : ".").append(seg);
      }
    }
    return sb.length() == 0 ? "body" : sb.toString();
  }

  private static String abbreviate(String value) {
    String clean = value.replaceAll("[\\p{Cntrl}]", "?");
    return clean.length() <= 40 ? clean : clean.substring(0, 30) + "…(" + clean.length() + ")";
  }

  private static String excerpt(String body) {
    String clean = body.replaceAll("[\\p{Cntrl}]", "?");
    return clean.length() <= 160 ? clean : clean.substring(0, 160) + "…";
  }
}
