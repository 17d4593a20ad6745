package dev.waybill.platform.security;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Name resolution for outbound connections to URLs merchants give. A bean of its own so that tests
 * can answer as a rebinding DNS server would. Blocks: call it off the event loop.
 */
@ApplicationScoped
public class HostResolver {

  /** Every address the name has now; a literal address is returned as it is. */
  public InetAddress[] resolve(String host) throws UnknownHostException {
    return InetAddress.getAllByName(host);
  }
}
