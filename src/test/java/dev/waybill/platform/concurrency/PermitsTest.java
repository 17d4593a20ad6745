package dev.waybill.platform.concurrency;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PermitsTest {

  @Test
  void noMoreThanMaxRunAtOnceAndTheRestRunInTurn() {
    Permits permits = new Permits(2);
    List<CompletableFuture<String>> gates = new ArrayList<>();
    AtomicInteger started = new AtomicInteger();
    List<CompletableFuture<String>> results = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      CompletableFuture<String> gate = new CompletableFuture<>();
      gates.add(gate);
      results.add(
          permits
              .run(
                  () -> {
                    started.incrementAndGet();
                    return Uni.createFrom().completionStage(gate);
                  })
              .subscribeAsCompletionStage());
    }
    assertEquals(2, started.get());
    assertEquals(3, permits.waiting());

    gates.get(0).complete("a");
    assertEquals(3, started.get());
    gates.get(1).completeExceptionally(new IllegalStateException("failed work frees its permit"));
    assertEquals(4, started.get());
    gates.forEach(g -> g.complete("x"));

    assertEquals(5, started.get());
    assertEquals(0, permits.inUse());
    assertEquals("a", results.get(0).join());
  }

  @Test
  void workCancelledWhileWaitingGivesItsTurnUp() {
    Permits permits = new Permits(1);
    CompletableFuture<String> gate = new CompletableFuture<>();
    permits.run(() -> Uni.createFrom().completionStage(gate)).subscribe().with(x -> {});
    AtomicInteger ran = new AtomicInteger();
    Cancellable waiting =
        permits
            .run(
                () -> {
                  ran.incrementAndGet();
                  return Uni.createFrom().item("late");
                })
            .subscribe()
            .with(x -> {});
    assertEquals(1, permits.waiting());

    waiting.cancel();
    gate.complete("done");

    assertEquals(0, ran.get());
    assertEquals(0, permits.waiting());
    assertEquals(0, permits.inUse());
  }

  @Test
  void workCancelledWhileRunningGivesItsPermitBack() {
    Permits permits = new Permits(1);
    Cancellable running = permits.run(() -> Uni.createFrom().nothing()).subscribe().with(x -> {});
    assertEquals(1, permits.inUse());

    running.cancel();

    assertEquals(0, permits.inUse());
    assertEquals(
        "next",
        permits.run(() -> Uni.createFrom().item("next")).await().atMost(Duration.ofSeconds(1)));
  }
}
