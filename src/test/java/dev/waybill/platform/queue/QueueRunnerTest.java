package dev.waybill.platform.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class QueueRunnerTest {

  @Test
  void roundsRepeatWhileTheyTakeAFullBatch() {
    QueueRunner runner = new QueueRunner("test", "t-");
    AtomicInteger rounds = new AtomicInteger();
    runner
        .whileMore(() -> Uni.createFrom().item(rounds.incrementAndGet() < 3))
        .await()
        .atMost(Duration.ofSeconds(5));
    assertEquals(3, rounds.get());
    assertEquals(0, runner.inFlight());
  }

  @Test
  void aStoppedRunnerClaimsNothing() {
    QueueRunner runner = new QueueRunner("test", "t-");
    AtomicInteger rounds = new AtomicInteger();
    runner.stop();
    runner
        .whileMore(() -> Uni.createFrom().item(rounds.incrementAndGet() < 3))
        .await()
        .atMost(Duration.ofSeconds(5));
    assertEquals(0, rounds.get());
  }

  @Test
  void drainWaitsForTheRoundInFlightThenHandsBackUnderThePodsOwner() {
    QueueRunner runner = new QueueRunner("test", "t-");
    CompletableFuture<Boolean> gate = new CompletableFuture<>();
    AtomicInteger rounds = new AtomicInteger();
    CompletableFuture<Void> round =
        runner
            .whileMore(
                () -> {
                  rounds.incrementAndGet();
                  return Uni.createFrom().completionStage(gate);
                })
            .subscribeAsCompletionStage()
            .toCompletableFuture();
    assertEquals(1, runner.inFlight());
    List<String> handedBack = new ArrayList<>();
    new Thread(
            () -> {
              sleepQuietly(200);
              // A full batch: without the drain there would be another round.
              gate.complete(true);
            })
        .start();
    int released =
        runner.drain(
            Duration.ofSeconds(10),
            owner -> {
              handedBack.add(owner);
              return Uni.createFrom().item(7);
            });
    assertTrue(round.isDone(), "the drain waited for the round in flight");
    assertEquals(1, rounds.get(), "no round started after the drain began");
    assertEquals(List.of(runner.owner()), handedBack);
    assertEquals(7, released);
  }

  @Test
  void drainGivesUpWaitingAfterItsTimeout() {
    QueueRunner runner = new QueueRunner("test", "t-");
    runner
        .whileMore(() -> Uni.createFrom().completionStage(new CompletableFuture<Boolean>()))
        .subscribe()
        .with(x -> {});
    int released = runner.drain(Duration.ofMillis(100), owner -> Uni.createFrom().item(1));
    assertEquals(1, released);
    assertEquals(1, runner.inFlight());
  }

  @Test
  void coalescedRunsOnceMoreForRequestsThatArriveWhileItRuns() {
    QueueRunner runner = new QueueRunner("test", "t-");
    CompletableFuture<Void> gate = new CompletableFuture<>();
    AtomicInteger runs = new AtomicInteger();
    CompletableFuture<Void> first =
        runner
            .coalesced(
                () ->
                    runs.incrementAndGet() == 1
                        ? Uni.createFrom().completionStage(gate)
                        : Uni.createFrom().voidItem())
            .subscribeAsCompletionStage()
            .toCompletableFuture();
    for (int i = 0; i < 5; i++) {
      assertTrue(
          runner
              .coalesced(() -> Uni.createFrom().voidItem())
              .subscribeAsCompletionStage()
              .isDone());
    }
    assertFalse(first.isDone());
    gate.complete(null);
    first.join();
    assertEquals(2, runs.get(), "five requests during the run cost one more run");
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
