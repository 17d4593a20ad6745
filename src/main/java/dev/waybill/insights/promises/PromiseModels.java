package dev.waybill.insights.promises;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each store's model in memory, read from the rollups at most once per {@code model-ttl} per pod,
 * so a promise request costs no database work beyond its store's settings.
 */
@ApplicationScoped
public class PromiseModels {

  /** A loaded model and the services it knows. */
  public record Loaded(PromiseModel model, List<CarrierService> services) {}

  private record Entry(Uni<Loaded> loading, long loadedAt) {}

  private final PromiseLookups lookups;
  private final PromisesConfig config;
  private final Clock clock;
  private final Map<UUID, Entry> entries = new ConcurrentHashMap<>();

  public PromiseModels(PromiseLookups lookups, PromisesConfig config, Clock clock) {
    this.lookups = lookups;
    this.config = config;
    this.clock = clock;
  }

  public Uni<Loaded> get(UUID storeId) {
    long now = clock.millis();
    Duration ttl = config.modelTtl();
    // A clock set back counts as expired, so a model is never kept longer than its ttl.
    Entry e =
        entries.compute(
            storeId,
            (id, old) ->
                old != null && now >= old.loadedAt() && now - old.loadedAt() < ttl.toMillis()
                    ? old
                    : new Entry(load(id), now));
    return e.loading().onFailure().invoke(() -> entries.remove(storeId, e));
  }

  /** Forget the store's model, after a rebuild on this pod. */
  public void invalidate(UUID storeId) {
    entries.remove(storeId);
  }

  private Uni<Loaded> load(UUID storeId) {
    // memoized so concurrent requests share one read of the rollups
    return lookups
        .model(storeId, config.minSamples())
        .chain(model -> lookups.services(storeId).map(services -> new Loaded(model, services)))
        .memoize()
        .indefinitely();
  }
}
