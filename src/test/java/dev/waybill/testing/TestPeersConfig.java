package dev.waybill.testing;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/**
 * The test peers' ports ({@code -Dwaybill.test.smtp-port}, {@code -Dwaybill.test.sms-port}), mapped
 * so that the {@code waybill} root's validation accepts them when set as system properties.
 */
@ConfigMapping(prefix = "waybill.test")
public interface TestPeersConfig {

  /** Port of the test SMTP server. */
  Optional<Integer> smtpPort();

  /** Port of the test SMS API. */
  Optional<Integer> smsPort();

  /** Registers the mapping: Quarkus maps only the roots something injects. */
  @io.quarkus.arc.Unremovable
  @jakarta.inject.Singleton
  final class Holder {
    final TestPeersConfig config;

    Holder(TestPeersConfig config) {
      this.config = config;
    }
  }
}
