package dev.waybill.platform.security;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Keeps URLs that merchants give Waybill (webhook endpoints) from reaching inside the network
 * Waybill runs in: loopback, private, link-local (cloud metadata services), carrier-grade NAT,
 * unique-local and multicast addresses are refused, also when an IPv6 address carries one (NAT64,
 * 6to4, IPv4-mapped). Names are resolved and every address checked, at registration and again
 * before each delivery, since DNS answers can change in between; a delivery then connects to the
 * address that was checked ({@link #resolve}), so a second answer cannot move it elsewhere.
 */
public final class OutboundTargets {

  private static final HostResolver SYSTEM = new HostResolver();

  private OutboundTargets() {}

  /** Fails with {@link Refused} unless every address of the host is public. Never blocks. */
  public static Uni<Void> requirePublic(String host) {
    return resolve(SYSTEM, host, false).replaceWithVoid();
  }

  /**
   * Resolves the host once and gives the address to connect to, after checking that every address
   * the name has is public (unless {@code allowPrivate}); fails with {@link Refused} otherwise.
   * Never blocks.
   */
  public static Uni<InetAddress> resolve(HostResolver resolver, String host, boolean allowPrivate) {
    return Uni.createFrom()
        .item(
            () -> {
              InetAddress[] addresses;
              try {
                addresses = resolver.resolve(host);
              } catch (UnknownHostException e) {
                throw new Refused(host + " does not resolve");
              }
              if (addresses == null || addresses.length == 0) {
                throw new Refused(host + " does not resolve");
              }
              if (!allowPrivate) {
                for (InetAddress a : addresses) {
                  if (!isPublic(a)) {
                    throw new Refused(host + " resolves to a non-public address");
                  }
                }
              }
              return addresses[0];
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
      // fc00::/7 unique-local.
      if ((b[0] & 0xfe) == 0xfc) {
        return false;
      }
      // 64:ff9b:1::/48, NAT64 for local use (RFC 8215): translates into private networks.
      if (b[0] == 0
          && b[1] == 0x64
          && (b[2] & 0xff) == 0xff
          && (b[3] & 0xff) == 0x9b
          && b[4] == 0
          && b[5] == 1) {
        return false;
      }
      byte[] v4 = embeddedV4(b);
      if (v4 != null) {
        try {
          return isPublic(InetAddress.getByAddress(v4));
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

  /**
   * The IPv4 address an IPv6 address stands for, where the network delivers it there: IPv4-mapped
   * (::ffff:0:0/96), IPv4-compatible (::/96), NAT64 (64:ff9b::/96) and 6to4 (2002::/16).
   */
  static byte[] embeddedV4(byte[] b) {
    if ((b[0] & 0xff) == 0x20 && b[1] == 0x02) {
      return new byte[] {b[2], b[3], b[4], b[5]};
    }
    boolean nat64 = b[0] == 0 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
    for (int i = nat64 ? 4 : 0; i < 10; i++) {
      if (b[i] != 0) {
        return null;
      }
    }
    boolean mapped = (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    boolean zeros = b[10] == 0 && b[11] == 0;
    if (nat64 ? zeros : (mapped || zeros)) {
      return new byte[] {b[12], b[13], b[14], b[15]};
    }
    return null;
  }

  /** The target is not a public address. */
  public static final class Refused extends RuntimeException {
    public Refused(String message) {
      super(message);
    }
  }
}
