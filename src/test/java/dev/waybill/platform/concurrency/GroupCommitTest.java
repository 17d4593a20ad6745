package dev.waybill.platform.concurrency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class GroupCommitTest {

  private final List<List<String>> writes = new ArrayList<>();
  private final List<CompletableFuture<List<String>>> gates = new ArrayList<>();

  private GroupCommit<String, String> commit(int maxGroup, int maxInFlight) {
    return new GroupCommit<>(
        items -> {
          writes.add(List.copyOf(items));
          CompletableFuture<List<String>> gate = new CompletableFuture<>();
          gates.add(gate);
          return Uni.createFrom().completionStage(gate);
        },
        maxGroup,
        maxInFlight);
  }

  private static List<String> upper(List<String> items) {
    return items.stream().map(String::toUpperCase).toList();
  }

  @Test
  void anItemAloneIsWrittenAtOnceAndWhatArrivesMeanwhileGoesInOneWrite() throws Exception {
    GroupCommit<String, String> commit = commit(10, 1);
    CompletableFuture<String> a = commit.submit("a").subscribeAsCompletionStage();
    CompletableFuture<String> b = commit.submit("b").subscribeAsCompletionStage();
    CompletableFuture<String> c = commit.submit("c").subscribeAsCompletionStage();
    assertEquals(List.of(List.of("a")), writes);
    assertEquals(2, commit.waiting());

    gates.get(0).complete(upper(writes.get(0)));
    assertEquals("A", a.get());
    assertFalse(b.isDone(), "an item is answered only once its own write is done");
    assertEquals(List.of(List.of("a"), List.of("b", "c")), writes);

    gates.get(1).complete(upper(writes.get(1)));
    assertEquals("B", b.get());
    assertEquals("C", c.get());
  }

  @Test
  void groupsAreCappedAndSeveralWritesMayRunAtOnce() {
    GroupCommit<String, String> commit = commit(2, 2);
    for (String s : List.of("a", "b", "c", "d", "e")) {
      commit.submit(s).subscribeAsCompletionStage();
    }
    assertEquals(List.of(List.of("a"), List.of("b")), writes);
    gates.get(0).complete(List.of("A"));
    assertEquals(List.of("c", "d"), writes.get(2));
    gates.get(1).complete(List.of("B"));
    assertEquals(List.of("e"), writes.get(3));
    assertEquals(0, commit.waiting());
  }

  @Test
  void aFailedWriteFailsEveryItemInItAndTheNextGroupStillGoes() throws Exception {
    GroupCommit<String, String> commit = commit(10, 1);
    CompletableFuture<String> a = commit.submit("a").subscribeAsCompletionStage();
    CompletableFuture<String> b = commit.submit("b").subscribeAsCompletionStage();
    gates.get(0).completeExceptionally(new IllegalStateException("connection lost"));
    assertTrue(a.isCompletedExceptionally());
    try {
      a.get();
    } catch (ExecutionException e) {
      assertEquals("connection lost", e.getCause().getMessage());
    }
    gates.get(1).complete(List.of("B"));
    assertEquals("B", b.get());
  }
}
