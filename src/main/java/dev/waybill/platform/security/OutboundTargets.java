package dev.waybill.platform.security;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Keeps URLs that merchants give Waybill (webhook endpoints) from reaching inside the network
 * Waybill runs in: loopback, private, link-local (cloud metadata services), carrier-grade NAT,
 * unique-local and multicast addresses are refused. Names are resolved and every address checked,
 * at registration and again before each delivery, since DNS answers can change in between.
 */
public final class OutboundTargets {

  private OutboundTargets() {}

  /** Fails with {@link Refused} unless every address of the host is public. Never blocks. */
  public static Uni<Void> requirePublic(String host) {
    return Uni.createFrom()
        .item(
            () -> {
              InetAddress[] addresses;
              try {
                addresses = InetAddress.getAllByName(host);
              } catch (UnknownHostException e) {
                throw new Refused(host + " does not resolve");
              }
              for (InetAddress a : addresses) {
                if (!isPublic(a)) {
                  throw new Refused(host + " resolves to a non-public address");
                }
              }
              return (Void) null;
            })
        // Name resolution blocks; keep it off the event loop.
        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
  }

  static boolean isPublic(InetAddress a) {
    if (a.isAnyLocalAddress()
        || a.isLoopbackAddress()
        || a.isLinkLocalAddress()
        || a.isSiteLocalAddress()
        || a.isMulticastAddress()) {
      return false;
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet6Address) {
      // fc00::/7 unique-local; ::ffff:0:0/96 maps IPv4, checked as such.
      if ((b[0] & 0xfe) == 0xfc) {
        return false;
      }
      if (isMappedV4(b)) {
        try {
          return isPublic(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
        } catch (UnknownHostException e) {
          return false;
        }
      }
      return true;
    }
    int first = b[0] & 0xff;
    int second = b[1] & 0xff;
    return first != 0 // "this" network
        && !(first == 100 && second >= 64 && second <= 127) // carrier-grade NAT
        && !(first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
        && !(first == 198 && (second == 18 || second == 19)) // benchmarking
        && first < 240; // reserved and broadcast
  }

  private static boolean isMappedV4(byte[] b) {
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
  }

  /** The target is not a public address. */
  public static final class Refused extends RuntimeException {
    public Refused(String message) {
      super(message);
    }
  }
}
