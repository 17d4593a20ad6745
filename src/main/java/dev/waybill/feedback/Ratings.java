package dev.waybill.feedback;

import dev.waybill.platform.errors.Problems;

/** The rating scale: 1 (very poor) to 5 (excellent). */
public final class Ratings {

  public static final int MIN = 1;
  public static final int MAX = 5;

  /** The longest comment kept, in characters. */
  public static final int MAX_COMMENT = 1000;

  private Ratings() {}

  public static boolean valid(int rating) {
    return rating >= MIN && rating <= MAX;
  }

  /** The rating, or a 400 naming {@code rating}. */
  static int check(Integer rating) {
    if (rating == null || !valid(rating)) {
      throw new Problems.Invalid("rating", "must be a whole number from 1 to 5");
    }
    return rating;
  }

  /** A rating typed into a form, or a 400 naming {@code rating}. */
  public static int parse(String rating) {
    try {
      return check(rating == null ? null : Integer.valueOf(rating.trim()));
    } catch (NumberFormatException e) {
      throw new Problems.Invalid("rating", "must be a whole number from 1 to 5");
    }
  }
}
