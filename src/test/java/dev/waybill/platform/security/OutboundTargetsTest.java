package dev.waybill.platform.security;

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
          "255.255.255.255"
        }) {
      assertFalse(OutboundTargets.isPublic(InetAddress.getByName(a)), a);
    }
  }

  @Test
  void internetAddressesArePublic() throws Exception {
    for (String a : new String[] {"93.184.216.34", "1.1.1.1", "2606:4700:4700::1111"}) {
      assertTrue(OutboundTargets.isPublic(InetAddress.getByName(a)), a);
    }
  }

  @Test
  void hostNamesAreResolvedAndChecked() {
    assertThrows(
        OutboundTargets.Refused.class,
        () -> OutboundTargets.requirePublic("localhost").await().atMost(Duration.ofSeconds(10)));
  }
}
