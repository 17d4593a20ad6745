package dev.waybill.carriers;

import dev.waybill.carriers.spi.CarrierAdapter;
import dev.waybill.carriers.spi.CarrierCapabilities;
import dev.waybill.carriers.spi.CarrierException;
import dev.waybill.shipping.TrackingReport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/** A carrier whose behaviour tests set: answer, hang, or fail. Exists only in tests. */
@ApplicationScoped
public class TestCarrier implements CarrierAdapter {

  static final String CODE = "test-carrier";

  private volatile Function<String, TrackingReport> answer = TrackingReport::notFound;
  private volatile Duration hang = Duration.ZERO;
  private volatile boolean fail;

  void reset() {
    answer = TrackingReport::notFound;
    hang = Duration.ZERO;
    fail = false;
  }

  void answerWith(Function<String, TrackingReport> answer) {
    this.answer = answer;
  }

  void hangFor(Duration hang) {
    this.hang = hang;
  }

  void failAlways() {
    this.fail = true;
    this.hang = Duration.ZERO;
  }

  @Override
  public CarrierCapabilities capabilities() {
    return new CarrierCapabilities(CODE, "Test Carrier", 10, 1000, 4, false, null);
  }

  @Override
  public Uni<List<TrackingReport>> track(List<String> trackingNumbers) {
    if (fail) {
      return Uni.createFrom()
          .failure(new CarrierException(CarrierException.Kind.AUTH, "test carrier refuses"));
    }
    Uni<List<TrackingReport>> result =
        Uni.createFrom().item(() -> trackingNumbers.stream().map(answer).toList());
    return hang.isZero() ? result : result.onItem().delayIt().by(hang);
  }
}
