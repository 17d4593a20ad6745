package dev.waybill.notifications;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.waybill.testing.TestStores;
import dev.waybill.testing.TestStores.TestStore;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.internet.MimeMessage;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The peers notifications talk to in tests: a real SMTP server (GreenMail) and a Twilio-compatible
 * Messages API (WireMock), on the fixed ports the test profile points the app at.
 */
public final class NotificationPeers {

  /**
   * The port the running app sends mail to. A test profile restarts the app in a new class loader,
   * where this class starts afresh while the server an earlier profile started still holds its
   * port, so a profile that needs mail points the app at a port of its own.
   */
  static int smtpPort() {
    return org.eclipse.microprofile.config.ConfigProvider.getConfig()
        .getOptionalValue("quarkus.mailer.port", Integer.class)
        .orElse(Integer.getInteger("waybill.test.smtp-port", 3925));
  }

  static final int SMS_PORT = Integer.getInteger("waybill.test.sms-port", 8929);
  static final String SMS_PATH =
      "/2010-04-01/Accounts/ACtest0000000000000000000000000000/Messages.json";

  private static GreenMail mail;
  private static WireMockServer sms;

  private NotificationPeers() {}

  public static synchronized void startMail() {
    if (mail == null) {
      mail = new GreenMail(new ServerSetup(smtpPort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
      mail.start();
    }
  }

  private static java.net.ServerSocket refusingMail;

  /**
   * In place of the mail server, one that accepts connections and turns every message away with a
   * 554: a failure that spends attempts, unlike a server that is down.
   */
  static synchronized void startRefusingMail() {
    stopMail();
    try {
      refusingMail =
          new java.net.ServerSocket(smtpPort(), 50, java.net.InetAddress.getByName("127.0.0.1"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    java.net.ServerSocket server = refusingMail;
    Thread t =
        new Thread(
            () -> {
              while (!server.isClosed()) {
                try (java.net.Socket s = server.accept()) {
                  s.getOutputStream()
                      .write("554 5.3.2 No mail accepted\r\n".getBytes(StandardCharsets.US_ASCII));
                  s.getOutputStream().flush();
                  Thread.sleep(50);
                } catch (java.io.IOException e) {
                  // closed
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "refusing-smtp");
    t.setDaemon(true);
    t.start();
  }

  static synchronized void stopRefusingMail() {
    if (refusingMail != null) {
      try {
        refusingMail.close();
      } catch (java.io.IOException e) {
        // already closed
      }
      refusingMail = null;
    }
  }

  public static synchronized void stopMail() {
    if (mail != null) {
      mail.stop();
      mail = null;
    }
  }

  /**
   * The HTTP peer on the test peers' port (the SMS provider's WireMock), started if needed. Other
   * tests stub their own paths on it; starting SMS again resets them.
   */
  public static synchronized WireMockServer web() {
    if (sms == null) {
      startSms();
    }
    return sms;
  }

  static synchronized void startSms() {
    if (sms == null) {
      sms = new WireMockServer(options().port(SMS_PORT).bindAddress("127.0.0.1"));
      sms.start();
    }
    sms.resetAll();
    sms.stubFor(
        post(urlPathMatching(SMS_PATH))
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"sid\":\"SM"
                            + UUID.randomUUID().toString().replace("-", "")
                            + "\",\"status\":\"queued\"}")));
  }

  /** The provider answers 400 (an invalid number, Twilio code 21211) for this number. */
  static void refuseTextsTo(String number) {
    refuseTextsTo(number, "The 'To' number is not a valid phone number.");
  }

  /** Refuses texts to this number with the provider's message (real ones quote the number). */
  static void refuseTextsTo(String number, String message) {
    sms.stubFor(
        post(urlPathMatching(SMS_PATH))
            .withRequestBody(
                com.github.tomakehurst.wiremock.client.WireMock.containing(
                    "To=" + java.net.URLEncoder.encode(number, StandardCharsets.UTF_8)))
            .atPriority(1)
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        new io.vertx.core.json.JsonObject()
                            .put("code", 21211)
                            .put("message", message)
                            .put("status", 400)
                            .encode())));
  }

  static synchronized void stopSms() {
    if (sms != null) {
      sms.stop();
      sms = null;
    }
  }

  /** Emails received for one address, in arrival order. */
  public static List<MimeMessage> mailTo(String address) {
    List<MimeMessage> out = new ArrayList<>();
    try {
      for (MimeMessage m : mail.getReceivedMessages()) {
        var to = m.getRecipients(RecipientType.TO);
        if (to != null && to.length > 0 && to[0].toString().equalsIgnoreCase(address)) {
          out.add(m);
        }
      }
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  static List<String> subjects(String address) {
    List<String> out = new ArrayList<>();
    for (MimeMessage m : mailTo(address)) {
      try {
        out.add(m.getSubject());
      } catch (jakarta.mail.MessagingException e) {
        throw new IllegalStateException(e);
      }
    }
    return out;
  }

  /** Texts sent to one number: the form fields of each API call, in order. */
  static List<Map<String, String>> textsTo(String number) {
    List<Map<String, String>> out = new ArrayList<>();
    List<LoggedRequest> requests =
        new ArrayList<>(
            sms.findAll(
                com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                    urlPathMatching(SMS_PATH))));
    requests.sort((a, b) -> a.getLoggedDate().compareTo(b.getLoggedDate()));
    for (LoggedRequest r : requests) {
      Map<String, String> form = form(r.getBodyAsString());
      if (number.equals(form.get("To"))) {
        form.put("Authorization", r.getHeader("Authorization"));
        out.add(form);
      }
    }
    return out;
  }

  static Map<String, String> form(String body) {
    Map<String, String> out = new HashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  /** A fixed-offset zone where it is now the given local hour (SMS quiet hours depend on it). */
  static String zoneWhereItIs(int localHour) {
    int utcHour = ZonedDateTime.now(ZoneOffset.UTC).getHour();
    int offset = localHour - utcHour;
    if (offset > 14) {
      offset -= 24;
    }
    if (offset < -12) {
      offset += 24;
    }
    // Etc/GMT zones have inverted signs: Etc/GMT-3 is UTC+3.
    return offset == 0 ? "Etc/GMT" : offset > 0 ? "Etc/GMT-" + offset : "Etc/GMT+" + (-offset);
  }

  /** Creates an order (optionally opted in to SMS, in a time zone) and returns its number. */
  static String order(
      TestStore store, String email, String phone, String locale, String timeZone, boolean sms) {
    String number = TestStores.orderNumber();
    Map<String, Object> body = new HashMap<>(TestStores.order(number, email, "10115"));
    Map<String, Object> customer = new HashMap<>();
    customer.put("name", "Ada Lovelace");
    customer.put("email", email);
    if (phone != null) {
      customer.put("phone", phone);
    }
    body.put("customer", customer);
    body.put("locale", locale);
    if (timeZone != null) {
      body.put("timeZone", timeZone);
    }
    body.put("notifications", Map.of("email", true, "sms", sms));
    store.merchant().body(body).post("/api/v1/orders").then().statusCode(201);
    return number;
  }

  static String uniqueEmail() {
    return "n-" + UUID.randomUUID().toString().substring(0, 10) + "@example.com";
  }

  static String uniquePhone() {
    long n = Math.abs(UUID.randomUUID().getLeastSignificantBits()) % 1_000_000_000L;
    return "+4915" + String.format("%09d", n);
  }

  static Duration seconds(int s) {
    return Duration.ofSeconds(s);
  }

  /** The first part of {@code type} in a received email. */
  public static String part(jakarta.mail.internet.MimeMessage message, String type)
      throws Exception {
    return find(message.getContent(), type);
  }

  private static String find(Object content, String type) throws Exception {
    if (content instanceof jakarta.mail.Multipart mp) {
      for (int i = 0; i < mp.getCount(); i++) {
        var p = mp.getBodyPart(i);
        if (p.isMimeType(type)) {
          return p.getContent().toString();
        }
        String inner = find(p.getContent(), type);
        if (inner != null) {
          return inner;
        }
      }
    }
    return null;
  }
}
