package dev.waybill.carriers;

import dev.waybill.carriers.spi.CarrierAdapter;
import dev.waybill.carriers.spi.CarrierCapabilities;
import dev.waybill.carriers.spi.TrackingQuery;
import dev.waybill.shipping.TrackingReport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A carrier with a small daily call budget, recording when each number was asked. Tests only. */
@ApplicationScoped
public class BudgetedCarrier implements CarrierAdapter {

  static final String CODE = "budget-carrier";
  static final int DAILY_CALLS = 20;

  /** One call: the number asked, the postal code it was asked with, and when. */
  record Call(String trackingNumber, String postalCode, Instant at) {}

  private final Clock clock;
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private volatile Function<String, TrackingReport> answer = TrackingReport::notFound;

  public BudgetedCarrier(Clock clock) {
    this.clock = clock;
  }

  void answerWith(Function<String, TrackingReport> answer) {
    this.answer = answer;
  }

  List<Call> calls() {
    return List.copyOf(calls);
  }

  @Override
  public CarrierCapabilities capabilities() {
    return new CarrierCapabilities(CODE, "Budgeted Carrier", 1, 1000, 4, false, null);
  }

  @Override
  public OptionalInt dailyCallBudget() {
    return OptionalInt.of(DAILY_CALLS);
  }

  @Override
  public boolean wantsDestination() {
    return true;
  }

  @Override
  public Uni<List<TrackingReport>> track(List<String> trackingNumbers) {
    return trackQueries(trackingNumbers.stream().map(TrackingQuery::of).toList());
  }

  @Override
  public Uni<List<TrackingReport>> trackQueries(List<TrackingQuery> queries) {
    Instant now = clock.instant();
    queries.forEach(q -> calls.add(new Call(q.trackingNumber(), q.postalCode(), now)));
    return Uni.createFrom()
        .item(() -> queries.stream().map(TrackingQuery::trackingNumber).map(answer).toList());
  }
}
