package dev.waybill.notifications.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.http.HttpServer;
import io.vertx.mutiny.core.net.SocketAddress;
import io.vertx.mutiny.ext.web.client.WebClient;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A delivery connects to the address that was checked, but TLS still speaks to the host: the
 * certificate must name the URL's host, which is also sent as SNI and in the Host header.
 */
class PinnedAddressTlsTest {

  private Vertx vertx;
  private HttpServer server;
  private WebClient client;
  private final AtomicReference<String> sni = new AtomicReference<>();
  private final AtomicReference<String> host = new AtomicReference<>();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    server =
        vertx
            .createHttpServer(
                new HttpServerOptions()
                    .setSsl(true)
                    .setSni(true)
                    .setKeyCertOptions(
                        new PemKeyCertOptions()
                            .setCertPath("src/test/resources/tls/hooks-cert.pem")
                            .setKeyPath("src/test/resources/tls/hooks-key.pem")))
            .requestHandler(
                request -> {
                  sni.set(request.connection().indicatedServerName());
                  host.set(request.getHeader("Host"));
                  request.response().setStatusCode(204).endAndForget();
                })
            .listen(0, "127.0.0.1")
            .await()
            .atMost(Duration.ofSeconds(10));
    client =
        WebClient.create(
            vertx,
            WebhookDeliverer.clientOptions()
                .setTrustOptions(
                    new PemTrustOptions().addCertPath("src/test/resources/tls/hooks-cert.pem")));
  }

  @AfterEach
  void stop() {
    client.close();
    vertx.closeAndAwait();
  }

  private int post(String url) {
    return client
        .requestAbs(
            HttpMethod.POST, SocketAddress.inetSocketAddress(server.actualPort(), "127.0.0.1"), url)
        .send()
        .await()
        .atMost(Duration.ofSeconds(10))
        .statusCode();
  }

  @Test
  void theCertificateSniAndHostHeaderUseTheHostNameNotTheAddress() {
    int port = server.actualPort();
    assertEquals(204, post("https://hooks.example.test:" + port + "/hook"));
    assertEquals("hooks.example.test", sni.get());
    assertEquals("hooks.example.test:" + port, host.get());
  }

  @Test
  void aCertificateForAnotherHostIsRefusedAtThatAddress() {
    assertThrows(
        RuntimeException.class,
        () -> post("https://attacker.example.test:" + server.actualPort() + "/hook"));
  }
}
