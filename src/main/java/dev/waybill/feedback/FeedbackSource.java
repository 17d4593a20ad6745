package dev.waybill.feedback;

/** Where a rating was given. */
public enum FeedbackSource {
  /** The tracking page's question. */
  PAGE,
  /** A star of the "delivered" email, confirmed on its page. */
  EMAIL,
  /** A storefront or app, through the API. */
  API
}
