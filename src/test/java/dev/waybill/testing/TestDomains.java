package dev.waybill.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import dev.waybill.notifications.NotificationPeers;
import io.restassured.response.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Tracking domains in tests: the store claims one, then shows the token where the check looks, on
 * the test peers' port: served over HTTP by WireMock, or published as a TXT record by a small DNS
 * responder listening on the same port number over UDP.
 */
public final class TestDomains {

  private static final int PORT = Integer.getInteger("waybill.test.sms-port", 8929);
  private static final Map<String, List<String>> TXT = new ConcurrentHashMap<>();
  private static DatagramSocket dns;

  private TestDomains() {}

  /** Sets the store's tracking domain; the answer holds the pending verification. */
  public static Response claim(String slug, String domain) {
    return TestStores.platformAdmin()
        .body(Map.of("trackingDomain", domain))
        .patch("/api/v1/admin/stores/" + slug);
  }

  public static Response verify(String slug) {
    return TestStores.platformAdmin()
        .post("/api/v1/admin/stores/" + slug + "/tracking-domain/verify");
  }

  /** Claims the domain for the store, serves its token over HTTP and verifies it. */
  public static void claimAndVerify(String slug, String domain) {
    String token =
        claim(slug, domain)
            .then()
            .statusCode(200)
            .extract()
            .path("trackingDomainVerification.token");
    serveOverHttp(domain, token);
    verify(slug).then().statusCode(200);
  }

  /** The domain's web server answers the well-known URL with the token. */
  public static void serveOverHttp(String domain, String token) {
    NotificationPeers.web()
        .stubFor(
            get(urlPathEqualTo("/.well-known/waybill-domain/" + token))
                // With a port other than 80 the client names it in the Host header too.
                .withHeader("Host", matching(Pattern.quote(domain) + "(:[0-9]+)?"))
                .willReturn(aResponse().withStatus(200).withBody(token + "\n")));
  }

  /** The domain publishes a TXT record at the name the check asks for. */
  public static synchronized void publishTxt(String name, String value) {
    startDns();
    TXT.put(name.toLowerCase(java.util.Locale.ROOT), List.of(value));
  }

  private static void startDns() {
    if (dns != null) {
      return;
    }
    try {
      dns = new DatagramSocket(PORT, InetAddress.getByName("127.0.0.1"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread t = new Thread(TestDomains::serve, "test-dns");
    t.setDaemon(true);
    t.start();
  }

  private static void serve() {
    byte[] buffer = new byte[512];
    while (!dns.isClosed()) {
      try {
        DatagramPacket query = new DatagramPacket(buffer, buffer.length);
        dns.receive(query);
        byte[] answer = answer(java.util.Arrays.copyOf(query.getData(), query.getLength()));
        dns.send(new DatagramPacket(answer, answer.length, query.getSocketAddress()));
      } catch (IOException | RuntimeException e) {
        // A malformed query or a closed socket: go on with the next one, or stop.
      }
    }
  }

  /** A DNS answer (RFC 1035) to a one-question query: its TXT records, or NXDOMAIN. */
  private static byte[] answer(byte[] query) {
    int i = 12;
    StringBuilder name = new StringBuilder();
    while (query[i] != 0) {
      int length = query[i];
      if (name.length() > 0) {
        name.append('.');
      }
      name.append(new String(query, i + 1, length, StandardCharsets.US_ASCII));
      i += length + 1;
    }
    int questionEnd = i + 5;
    List<String> records = TXT.get(name.toString().toLowerCase(java.util.Locale.ROOT));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(query[0]);
    out.write(query[1]);
    out.write(0x81);
    out.write(records == null ? 0x83 : 0x80);
    out.writeBytes(new byte[] {0, 1, 0, (byte) (records == null ? 0 : records.size()), 0, 0, 0, 0});
    out.write(query, 12, questionEnd - 12);
    if (records != null) {
      for (String record : records) {
        byte[] text = record.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(new byte[] {(byte) 0xc0, 12, 0, 16, 0, 1, 0, 0, 0, 60});
        out.write(0);
        out.write(text.length + 1);
        out.write(text.length);
        out.writeBytes(text);
      }
    }
    return out.toByteArray();
  }
}
