package dev.waybill.platform.security;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

/**
 * The address of the client behind a request: the one place every per-address limit reads it.
 *
 * <p>It is the connection's peer, or the address a proxy forwarded when Quarkus is told to read
 * forwarded headers ({@code quarkus.http.proxy.proxy-address-forwarding}) and the peer is one of
 * {@code quarkus.http.proxy.trusted-proxies}. A {@code X-Forwarded-For} from any other peer is
 * ignored, so a client cannot pick the address its requests are counted against.
 */
public final class ClientAddress {

  private ClientAddress() {}

  public static String of(HttpServerRequest request) {
    SocketAddress address = request == null ? null : request.remoteAddress();
    String host = address == null ? null : address.hostAddress();
    return host == null || host.isEmpty() ? "unknown" : host;
  }
}
