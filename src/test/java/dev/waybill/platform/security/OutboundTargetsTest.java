package dev.waybill.platform.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OutboundTargetsTest {

  @Test
  void addressesInsideTheNetworkAreNotPublic() throws Exception {
    for (String a :
        new String[] {
          "127.0.0.1",
          "10.1.2.3",
          "172.16.0.1",
          "192.168.1.1",
          "169.254.169.254",
          "100.64.0.1",
          "0.0.0.0",
          "224.0.0.1",
          "::1",
          "fe80::1",
          "fd00::1",
          "::ffff:10.0.0.1",
          "255.255.255.255",
          // NAT64 and 6to4 addresses lead to the IPv4 address they carry.
          "64:ff9b::7f00:1",
          "64:ff9b::a00:5",
          "64:ff9b::a9fe:a9fe",
          "64:ff9b:1::a00:5",
          "2002:7f00:1::1",
          "2002:c0a8:114::",
          "2002:a9fe:a9fe:1::1",
          "::10.0.0.1"
        }) {
      assertFalse(OutboundTargets.isPublic(InetAddress.getByName(a)), a);
    }
  }

  @Test
  void internetAddressesArePublic() throws Exception {
    for (String a :
        new String[] {
          "93.184.216.34", "1.1.1.1", "2606:4700:4700::1111", "64:ff9b::101:101", "2002:101:101::1"
        }) {
      assertTrue(OutboundTargets.isPublic(InetAddress.getByName(a)), a);
    }
  }

  @Test
  void hostNamesAreResolvedAndChecked() {
    assertThrows(
        OutboundTargets.Refused.class,
        () -> OutboundTargets.requirePublic("localhost").await().atMost(Duration.ofSeconds(10)));
  }

  @Test
  void aDeliveryGetsTheAddressItChecked() {
    HostResolver twoAnswers =
        new HostResolver() {
          @Override
          public InetAddress[] resolve(String host) throws java.net.UnknownHostException {
            return new InetAddress[] {
              InetAddress.getByName("93.184.216.34"), InetAddress.getByName("1.1.1.1")
            };
          }
        };
    assertEquals(
        "93.184.216.34",
        OutboundTargets.resolve(twoAnswers, "hooks.example.com", false)
            .await()
            .atMost(Duration.ofSeconds(10))
            .getHostAddress());
  }

  @Test
  void oneAddressInsideTheNetworkAmongPublicOnesIsRefused() {
    HostResolver mixed =
        new HostResolver() {
          @Override
          public InetAddress[] resolve(String host) throws java.net.UnknownHostException {
            return new InetAddress[] {
              InetAddress.getByName("93.184.216.34"), InetAddress.getByName("64:ff9b::a9fe:a9fe")
            };
          }
        };
    assertThrows(
        OutboundTargets.Refused.class,
        () ->
            OutboundTargets.resolve(mixed, "hooks.example.com", false)
                .await()
                .atMost(Duration.ofSeconds(10)));
  }
}
