package dev.waybill.notifications;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Optional;

/** Shopper notifications (email, SMS) and merchant webhooks, all fed by the outbox. */
@ConfigMapping(prefix = "waybill.notifications")
public interface NotificationsConfig {

  /** Whether this pod runs the dispatcher (worker role). Every pod may; they share the work. */
  @WithDefault("true")
  boolean enabled();

  /**
   * How often the dispatcher looks for new outbox events and due messages: half of it is the mean
   * wait a message adds, and each look is three indexed queries. The scheduler's resolution is one
   * second; shorter values act as one second.
   */
  @WithDefault("1s")
  Duration interval();

  /** Outbox events, messages or webhook deliveries claimed at once. */
  @WithDefault("200")
  int claimSize();

  /** How long a claim lasts; a pod that dies mid-send loses its work to others after this. */
  @WithDefault("2m")
  Duration lease();

  /**
   * On shutdown, how long the round in flight may take to finish before this pod's claimed messages
   * and webhook deliveries are handed back anyway.
   */
  @WithDefault("20s")
  Duration drainTimeout();

  /** Orders (for messages) or endpoints (for webhooks) served at the same time. */
  @WithDefault("16")
  int concurrency();

  /** Send attempts of an email or SMS before it is dead-lettered. */
  @WithDefault("8")
  int maxAttempts();

  /** Wait after the first failed send; doubles per failure. */
  @WithDefault("30s")
  Duration backoff();

  /** Longest wait between two send attempts. */
  @WithDefault("1h")
  Duration maxBackoff();

  /** Messages per order and channel in 24 hours; more are skipped and logged as such. */
  @WithDefault("6")
  int dailyCap();

  /**
   * A message still unsent this long after its event is skipped (logged as such): news that old
   * would confuse more than help.
   */
  @WithDefault("3d")
  Duration staleAfter();

  /** The public base URL for the manage-preferences and unsubscribe links. */
  @WithDefault("${waybill.tracking.public-base-url:http://localhost:8080}")
  String publicBaseUrl();

  /** SMS quiet hours in the shopper's time zone: texts due then wait until they end. */
  QuietHours quietHours();

  /** Email delivery. */
  Email email();

  /** SMS delivery through a Twilio-compatible Messages API. */
  Sms sms();

  /** Merchant webhooks. */
  Webhooks webhooks();

  interface QuietHours {
    /** Whether SMS quiet hours apply. */
    @WithDefault("true")
    boolean enabled();

    /** Local time quiet hours start. */
    @WithDefault("21:00")
    LocalTime start();

    /** Local time quiet hours end (the next morning when it is before the start). */
    @WithDefault("08:00")
    LocalTime end();
  }

  interface Email {
    /** The sender address; the display name is the store's name. */
    @WithDefault("notifications@waybill.localhost")
    String fromAddress();
  }

  interface Sms {
    /** Base URL of the Messages API (Twilio or a compatible provider). */
    @WithDefault("https://api.twilio.com")
    String baseUrl();

    /** Account SID; SMS stays off until it and the auth token are set. */
    Optional<String> accountSid();

    /** Auth token for basic authentication. */
    Optional<String> authToken();

    /** Sending number in E.164 form; or set a messaging service SID instead. */
    Optional<String> from();

    /** Messaging service SID, used instead of a sending number when set. */
    Optional<String> messagingServiceSid();

    /** Timeout of one API call. */
    @WithDefault("10s")
    Duration timeout();
  }

  interface Webhooks {
    /**
     * Accept {@code http://localhost} and {@code http://127.0.0.1} endpoints (for tests and local
     * development); otherwise only HTTPS.
     */
    @WithDefault("false")
    boolean allowInsecureLocalhost();

    /**
     * Accept endpoints on loopback, private and link-local addresses (tests, on-premise installs
     * whose receivers live inside the network). Off, such targets are refused at registration and
     * before every delivery, so a merchant can't make Waybill call into its own network.
     */
    @WithDefault("false")
    boolean allowPrivateTargets();

    /** Delivery attempts before a delivery is dead and its endpoint is disabled. */
    @WithDefault("12")
    int maxAttempts();

    /** Wait after the first failed attempt; doubles per failure (12 attempts take about a day). */
    @WithDefault("1m")
    Duration backoff();

    /** Longest wait between two attempts. */
    @WithDefault("6h")
    Duration maxBackoff();

    /** Timeout of one delivery. */
    @WithDefault("10s")
    Duration timeout();

    /** How long the previous secret keeps signing after a rotation. */
    @WithDefault("24h")
    Duration rotationOverlap();
  }
}
