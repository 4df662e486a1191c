package dev.glassbox.app.quiz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.app.FakeEngine;
import dev.glassbox.cgroup.CgroupReader;
import dev.glassbox.engine.EngineException;
import dev.glassbox.quiz.bank.BankLoader;
import dev.glassbox.quiz.engine.AskedQuestion;
import dev.glassbox.quiz.engine.Draw;
import dev.glassbox.quiz.live.LiveContext;
import dev.glassbox.testing.RootOnly;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Quiz page's live context with the app's engine: the container question
 * ({@code cg-memory-live}, {@code --memory 48m}) is measured on a container the engine starts
 * (a fake engine here, whose container's cgroup is a fixture tree); without a reachable engine
 * that one question is skipped and the host's questions still come.
 */
class QuizLiveContextTest {
    static final String CGROUP = "/glassbox/" + FakeEngine.ID;
    @TempDir Path tmp;

    /** /proc/4242/cgroup (the fake's container PID), a cgroup2 tree and a mount table for it. */
    CgroupReader fixture() throws IOException {
        Files.createDirectories(tmp.resolve("proc/4242"));
        Files.writeString(tmp.resolve("proc/4242/cgroup"), "0::" + CGROUP + "\n");
        Files.createDirectories(tmp.resolve("sys/fs/cgroup" + CGROUP));
        Files.writeString(tmp.resolve("sys/fs/cgroup/cgroup.controllers"), "cpu memory pids\n");
        Files.writeString(tmp.resolve("mountinfo"),
                "26 22 0:23 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 rw\n");
        return CgroupReader.at(tmp.resolve("proc"), tmp.resolve("sys/fs/cgroup"), tmp.resolve("mountinfo"));
    }

    /** The fake engine, whose start gives its container's cgroup the memory limit it was created with, as the kernel would. */
    FakeEngine engine() {
        return new FakeEngine() {
            @Override
            public void start(String ref) {
                super.start(ref);
                try {
                    Files.writeString(tmp.resolve("sys/fs/cgroup" + CGROUP + "/memory.max"), lastBody.hostConfig().memory() + "\n");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    @RootOnly // the engine's context answers for root only: the engine starts containers as root
    @Test
    void theContainerQuestionIsMeasuredOnAContainerTheAppsEngineStartsThenRemoves() throws Exception {
        FakeEngine fake = engine();
        CgroupReader cgroups = fixture();
        LiveContext live = QuizPage.liveContext(fake::client, () -> cgroups);
        assertTrue(live.available());
        assertEquals(Optional.of("50331648"), live.answer("container.memory.limit", Map.of("memory", "48m")),
                "48 MiB read from the container's memory.max");
        assertEquals(List.of("create base", "start", "rm"), fake.calls, "created, started, removed");
        assertNull(fake.lastBody, "nothing left behind");

        // the page's draw: every cgroups question of session 1, the live one with the engine's answer
        Draw draw = draw(live, 1, "cgroups");
        assertTrue(draw.skipped().isEmpty(), "nothing skipped: " + draw.skipped());
        AskedQuestion q = draw.questions().stream().filter(a -> a.question().id().equals("cg-memory-live")).findFirst().orElseThrow();
        assertEquals("50331648", q.question().correctChoices().getFirst().text());
    }

    @Test
    void withoutAReachableEngineOnlyTheContainerQuestionIsSkipped() {
        AtomicInteger asked = new AtomicInteger();
        LiveContext live = QuizPage.liveContext(() -> {
            asked.incrementAndGet();
            throw new EngineException(503, "cannot connect to the engine");
        }, () -> {
            throw new AssertionError("no container, no cgroup to read");
        });
        assertTrue(live.available(), "the host's /proc still answers");
        assertTrue(live.answer("host.cap_last_cap", Map.of()).isPresent());
        assertEquals(0, asked.get(), "host questions never ask for the engine");
        assertEquals(Optional.empty(), live.answer("container.memory.limit", Map.of("memory", "48m")));

        Draw draw = draw(live, 1, "cgroups");
        assertEquals(List.of("cg-memory-live"), draw.skipped().stream().map(s -> s.question().id()).toList());
        assertFalse(draw.questions().isEmpty(), "the other questions are drawn");
    }

    /** Draws every question of the topic through the page's view-model, as the page does (here on this thread). */
    static Draw draw(LiveContext live, int session, String topic) {
        QuizViewModel vm = new QuizViewModel(BankLoader.loadBundled(), live, Clock.systemUTC(), null);
        vm.sessionProperty().set(session);
        vm.topicProperty().set(topic);
        vm.countProperty().set(50);
        vm.seedProperty().set(7L);
        vm.start();
        assertEquals(QuizViewModel.State.RUNNING, vm.stateProperty().get(), vm.messageProperty().get());
        return vm.attempt().orElseThrow().draw();
    }
}
