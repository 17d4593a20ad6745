package dev.waybill.privacy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How long shoppers' personal data is kept, and how the retention job runs. */
@ConfigMapping(prefix = "waybill.privacy")
public interface PrivacyConfig {

  /**
   * How long after delivery a shopper's personal data is kept ({@code WAYBILL_PRIVACY_RETENTION}).
   * Then it is anonymized: names, email addresses, phone numbers, street addresses, cities, full
   * postal codes (the prefix promises and analytics use stays), message recipients and texts,
   * support contacts and messages, and carriers' raw scan data. Statuses, dates, carriers,
   * countries and regions stay, so delivery statistics do not change. Also how long idempotency
   * records (which repeat the original answer) are kept.
   */
  @WithDefault("365d")
  Duration retention();

  /**
   * How long a carrier push (EasyPost, AfterShip, waybill-sim) is kept after it arrives ({@code
   * WAYBILL_PRIVACY_CARRIER_PUSH_RETENTION}). An applied push keeps only its source and id, to
   * recognise a replay; after this the row is deleted by the retention job, applied or not, so the
   * inbox cannot grow without end. Keep it longer than the senders' timestamp tolerance and their
   * retries.
   */
  @WithDefault("7d")
  Duration carrierPushRetention();

  /** Whether this pod runs the retention job. */
  @WithDefault("true")
  boolean retentionEnabled();

  /** How often the retention job looks for orders past their retention. */
  @WithDefault("1h")
  Duration retentionInterval();

  /** Orders anonymized per transaction. */
  @WithDefault("200")
  int batchSize();
}
